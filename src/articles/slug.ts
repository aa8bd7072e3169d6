import slugify from "@sindresorhus/slugify";

export const MAX_SLUG_LENGTH = 120;

/** "Has Netflix Renewed Iñaki's Show for Season 2?" → "has-netflix-renewed-inakis-show-for-season-2". */
export function slugFromTitle(title: string): string {
  const slug = slugify(title, { decamelize: false }).slice(0, MAX_SLUG_LENGTH).replace(/-+$/, "");
  return slug || "article";
}

/** The first of slug, slug-2, slug-3 ... that `isTaken` says is free. */
export async function firstFreeSlug(base: string, isTaken: (slug: string) => Promise<boolean>): Promise<string> {
  for (let suffix = 1; ; suffix += 1) {
    const candidate = suffix === 1 ? base : `${base.slice(0, MAX_SLUG_LENGTH - 1 - String(suffix).length)}-${suffix}`;
    if (!(await isTaken(candidate))) return candidate;
  }
}
