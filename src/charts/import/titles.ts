// Matching Netflix's title strings to shows and seasons. Pure functions: no database, no GraphQL.

export type KindFamily = "tv" | "film";

/** Netflix's lists, as parse.ts names them. */
type ChartList = "TV_ENGLISH" | "TV_NON_ENGLISH" | "FILMS_ENGLISH" | "FILMS_NON_ENGLISH" | "TV" | "FILMS";

/** Case-, accent- and punctuation-insensitive form of a title ("&" reads "and"). */
export function normalizedTitle(title: string): string {
  return title
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/**
 * Case-, accent- and punctuation-insensitive key, per kind family: "The I-Land" and "the i land"
 * are one show; a film and a series with the same title are two. This is the key of the national
 * lists (which do not say the language) and of shows made by hand or by the seed; the global lists
 * use `listMatchKey`, which adopts a show with this key when it first meets it.
 */
export function matchKey(title: string, family: KindFamily): string {
  return `${family}:${normalizedTitle(title)}`;
}

/**
 * The key a global-list row finds its show by: the title key within the list, because Netflix
 * keeps its English and non-English lists apart ("Doc", the US series, and "DOC", the Italian one;
 * the English and the Spanish "Mother's Day" are different films).
 */
export function listMatchKey(title: string, list: ChartList): string {
  const family: KindFamily = list.startsWith("FILMS") ? "film" : "tv";
  if (list === "TV" || list === "FILMS") return matchKey(title, family);
  return `${family}-${list.endsWith("NON_ENGLISH") ? "other" : "en"}:${normalizedTitle(title)}`;
}

/** What one row's season title says about its season. */
export type SeasonRef =
  /** "Show: Season 2", "Our Planet: II", "The Snow Girl: 2. The Soul Game" (name "The Soul Game"). */
  | { kind: "numbered"; number: number; name: string | null }
  /** A season Netflix names but does not number: "The Chestnut Man: Hide and Seek". */
  | { kind: "named"; name: string }
  /** One dated airing of a live show ("Raw: April 13, 2026"): an episode, not a season. */
  | { kind: "episode" }
  /** No season title (empty or "N/A"). */
  | { kind: "none" };

const MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December";
const DATED_AIRING = new RegExp(`^(?:${MONTHS}) \\d{1,2}, \\d{4}$`);
const ROMAN = /^(?=[IVXLC]+$)C{0,3}(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$/;

function romanValue(text: string): number | null {
  if (!ROMAN.test(text)) return null;
  const values: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100 };
  let total = 0;
  for (let i = 0; i < text.length; i += 1) {
    const value = values[text[i]!]!;
    const next = values[text[i + 1] ?? ""] ?? 0;
    total += value < next ? -value : value;
  }
  return total;
}

/** What follows the show title in a season title, without the separating colon. */
function seasonPart(showTitle: string, seasonTitle: string): string {
  const rest = seasonTitle.startsWith(showTitle) ? seasonTitle.slice(showTitle.length) : `: ${seasonTitle}`;
  return rest.replace(/^\s*:\s*/, "").trim();
}

/**
 * The season a season title names. Netflix writes "Show: Season 2", "Show: Limited Series",
 * "Stranger Things 4", "Love Is Blind: S2: Chicago", "Lupin: Part 2", "Love, Death & Robots:
 * Volume 3", "Show: 시즌 1", "Our Planet: II", "The Great British Baking Show: Collection 11",
 * "The Creature Cases: Chapter 4", "Weak Hero: Class 2", "Homicide: New York: Season 1",
 * "The Snow Girl 1.", "…: 1st STAGE". Parts, volumes, books, collections, chapters and classes
 * are how Netflix splits and counts seasons of those shows, so they count as seasons. Any other
 * title names a season without a number ("The Chestnut Man: Hide and Seek").
 */
export function seasonOf(showTitle: string, seasonTitle: string | null): SeasonRef {
  if (!seasonTitle) return { kind: "none" };
  const part = seasonPart(showTitle, seasonTitle);
  if (DATED_AIRING.test(part)) return { kind: "episode" };
  const numbered = (number: number, name: string | null = null): SeasonRef => ({ kind: "numbered", number, name: name || null });
  const patterns: [RegExp, (match: RegExpExecArray) => SeasonRef | null][] = [
    [/^Limited Series$/i, () => numbered(1)],
    [/^(?:Season|Series)\s+(\d+)\b/i, (m) => numbered(Number(m[1]))],
    [/^S(\d+)\b(?::\s*(.+))?/, (m) => numbered(Number(m[1]), m[2] ?? null)],
    [/^(?:Part|Volume|Vol\.|Book|Collection|Chapter|Class)\s+(\d+)\b/i, (m) => numbered(Number(m[1]))],
    [/^시즌\s*(\d+)/, (m) => numbered(Number(m[1]))],
    [/^(\d+)(?:st|nd|rd|th)\s+(?:Stage|Season)\b/i, (m) => numbered(Number(m[1]))],
    [/^(\d+)\.?$/, (m) => numbered(Number(m[1]))],
    [/^(\d+)\.\s+(.+)$/, (m) => numbered(Number(m[1]), m[2]!)],
    [/^(?:Season\s+)?([IVXLC]+)$/, (m) => (romanValue(m[1]!) ? numbered(romanValue(m[1]!)!) : null)],
    // "Homicide: New York: Season 1": a named branch of the show, numbered within the name.
    [/^(.+?):\s*Season\s+(\d+)$/i, (m) => numbered(Number(m[2]), m[1]!)],
  ];
  for (const [pattern, read] of patterns) {
    const match = pattern.exec(part);
    const season = match ? read(match) : null;
    if (season) return season;
  }
  return { kind: "named", name: part || seasonTitle };
}

/** The season number a season title states, if it states one (named seasons get theirs at import). */
export function seasonNumberOf(showTitle: string, seasonTitle: string | null): number | null {
  const season = seasonOf(showTitle, seasonTitle);
  return season.kind === "numbered" ? season.number : null;
}

export function isLimitedSeries(seasonTitle: string | null): boolean {
  return seasonTitle !== null && /:\s*Limited Series$/i.test(seasonTitle);
}

/**
 * A TV title that is one special or live event, not a series: every row is a dated airing
 * ("Raw: April 13, 2026"), or no row has a season title and the title reads as a live event
 * ("Jake Paul vs. Mike Tyson", "Skyscraper Live") or Netflix's runtime is that of one programme
 * (3.5 hours at most: stand-up specials, award shows, roasts). Titles charting before June 2023
 * without a runtime stay series unless their title says otherwise.
 */
export function isSpecial(rows: readonly { showTitle: string; seasonTitle: string | null; runtimeHours: string | null }[]): boolean {
  if (rows.length === 0) return false;
  const seasons = rows.map((row) => seasonOf(row.showTitle, row.seasonTitle).kind);
  if (seasons.every((kind) => kind === "episode")) return true;
  if (!seasons.every((kind) => kind === "none")) return false;
  if (/\bvs\.?\s|\blive\b/i.test(rows[0]!.showTitle)) return true;
  const runtimes = rows.map((row) => Number(row.runtimeHours ?? 0)).filter((runtime) => runtime > 0);
  return runtimes.length > 0 && runtimes.every((runtime) => runtime <= 3.5);
}

/**
 * Each row's show key (`listMatchKey`), with films of the same title in the same list kept apart:
 * Netflix counts a title's weeks in the Top 10 without ever starting again, so a film whose count
 * is back at 1 after earlier weeks is another film ("Noise" of January and of March 2023). Its key
 * gets the week it entered ("film-other:noise@2023-03-19"). A file always holds a list's whole
 * history, so the first film keeps the plain key in every file.
 */
export function showKeysOf(rows: readonly { category: ChartList; showTitle: string; weekEnd: string; cumulativeWeeks: number }[]): string[] {
  const keys = rows.map((row) => listMatchKey(row.showTitle, row.category));
  const filmRows = new Map<string, number[]>();
  rows.forEach((row, index) => {
    if (row.category !== "FILMS_ENGLISH" && row.category !== "FILMS_NON_ENGLISH") return;
    const positions = filmRows.get(keys[index]!) ?? [];
    positions.push(index);
    filmRows.set(keys[index]!, positions);
  });
  for (const [base, positions] of filmRows) {
    positions.sort((a, b) => rows[a]!.weekEnd.localeCompare(rows[b]!.weekEnd));
    const firstWeek = rows[positions[0]!]!.weekEnd;
    let current = base;
    for (const position of positions) {
      const row = rows[position]!;
      if (row.cumulativeWeeks === 1 && row.weekEnd !== firstWeek) current = `${base}@${row.weekEnd}`;
      keys[position] = current;
    }
  }
  return keys;
}
