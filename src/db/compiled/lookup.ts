import { parseLookup, SLUG_PATTERN, type Lookup, type LookupArgs } from "../../common/lookup.js";
import { BoundArgument, REFUSED } from "./mapping.js";

/** A lookup's id or slug as the source binds it: a number or string, or the stand-in of a bound variable. */
export type CompiledLookup = { id: number | BoundArgument } | { slug: string | BoundArgument };

/** A slug LookupArgs accepts; anything else is left to the resolver path, whose validators report it. */
const acceptedSlug = (slug: unknown): boolean => typeof slug === "string" && slug.length <= 200 && SLUG_PATTERN.test(slug);

/**
 * The `parameters` of a single-item query (`id` or `slug`, mapping.ts): each request's id is decoded and
 * checked for `typeName`, its slug checked as LookupArgs checks it; anything they refuse takes the
 * resolver path, which reports it with its errors.
 */
export function lookupParameters(typeName: string): Record<string, (value: unknown) => unknown> {
  return {
    id: (value) => {
      try {
        return (parseLookup({ id: value as string }, typeName) as { id: number }).id;
      } catch {
        return REFUSED;
      }
    },
    slug: (value) => (acceptedSlug(value) ? value : REFUSED),
  };
}

/**
 * A single-item query's lookup (`id` or `slug`) as the compiled path runs it, or null where the
 * resolver path must judge the arguments: LookupArgs' validators (an explicit null, a slug too long
 * or malformed) report them there, with its errors. A bad id or a missing/double argument throws
 * from parseLookup, which also leaves them to the resolver path. A bound variable (lookupParameters)
 * is checked when its request runs instead.
 */
export function compiledLookup(args: LookupArgs, typeName: string): CompiledLookup | null {
  const { id, slug } = args as { id?: string | null | BoundArgument; slug?: string | null | BoundArgument };
  if (id === null || slug === null) return null;
  if ((id === undefined) === (slug === undefined)) return parseLookup(args, typeName); // throws: none or both
  if (id instanceof BoundArgument) return { id };
  if (slug instanceof BoundArgument) return { slug };
  if (slug !== undefined && !acceptedSlug(slug)) return null;
  return parseLookup({ id, slug } as LookupArgs, typeName) as Lookup;
}
