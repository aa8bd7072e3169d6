// Matching Netflix's title strings to shows and seasons. Pure functions: no database, no GraphQL.

export type KindFamily = "tv" | "film";

/**
 * Case-, accent- and punctuation-insensitive key, per kind family: "The I-Land" and "the i land"
 * are one show; a film and a series with the same title are two.
 */
export function matchKey(title: string, family: KindFamily): string {
  const normalized = title
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
  return `${family}:${normalized}`;
}

/**
 * The season a season title names. Netflix writes "Show: Season 2", "Show: Limited Series",
 * "Stranger Things 4", "Love Is Blind: S2: Chicago", "Lupin: Part 2", "Love, Death & Robots:
 * Volume 3", "Show: 시즌 1". Parts, volumes and books are how Netflix splits and counts seasons
 * of those shows, so they count as seasons. Anything else has no season number (null); the raw
 * title stays on the chart row either way.
 */
export function seasonNumberOf(showTitle: string, seasonTitle: string | null): number | null {
  if (!seasonTitle) return null;
  const rest = seasonTitle.startsWith(showTitle) ? seasonTitle.slice(showTitle.length) : `: ${seasonTitle}`;
  const patterns: RegExp[] = [
    /^:?\s*Season\s+(\d+)\b/i,
    /^:\s*S(\d+)\b/,
    /^\s+(\d+)$/,
    /^:?\s*(?:Part|Volume|Vol\.|Book)\s+(\d+)\b/i,
    /^:?\s*시즌\s*(\d+)/,
  ];
  for (const pattern of patterns) {
    const match = pattern.exec(rest);
    if (match) return Number(match[1]);
  }
  if (/^:?\s*Limited Series$/i.test(rest)) return 1;
  return null;
}

export function isLimitedSeries(seasonTitle: string | null): boolean {
  return seasonTitle !== null && /:\s*Limited Series$/i.test(seasonTitle);
}
