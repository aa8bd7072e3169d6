import { parseLookup, SLUG_PATTERN, type Lookup, type LookupArgs } from "../../common/lookup.js";

/**
 * A single-item query's lookup (`id` or `slug`) as the compiled path runs it, or null where the
 * resolver path must judge the arguments: LookupArgs' validators (an explicit null, a slug too long
 * or malformed) report them there, with its errors. A bad id or a missing/double argument throws
 * from parseLookup, which also leaves them to the resolver path.
 */
export function compiledLookup(args: LookupArgs, typeName: string): Lookup | null {
  const { id, slug } = args;
  if (id === null || slug === null || (slug != null && (slug.length > 200 || !SLUG_PATTERN.test(slug)))) return null;
  return parseLookup(args, typeName);
}
