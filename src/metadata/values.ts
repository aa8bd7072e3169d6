// Reading the metadata files' cell values into the show graph's types. Pure functions.

/** Thrown for a cell that cannot be read: the import reports it as `file:line (column)` and writes nothing. */
export class CellError extends Error {
  constructor(
    readonly column: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Items of a Python list literal as pandas wrote it into the TMDB file: `['Drama', "L'Atelier Animation"]`.
 * Hand-written because no maintained JavaScript package reads Python literals, and the form is narrow: a list of
 * quoted strings, single-quoted unless the string holds an apostrophe. Anything else is a CellError.
 */
export function pythonStringList(text: string, column: string): string[] {
  const trimmed = text.trim();
  if (trimmed === "") return [];
  if (!/^\[.*\]$/s.test(trimmed)) throw new CellError(column, `expected a list such as ['Drama'], got "${text.slice(0, 60)}"`);
  const inner = trimmed.slice(1, -1).trim();
  if (inner === "") return [];
  const items: string[] = [];
  const item = /\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\s*(,|$)/y;
  while (item.lastIndex < inner.length) {
    const match = item.exec(inner);
    if (!match) throw new CellError(column, `expected a list of quoted names, got "${text.slice(0, 60)}"`);
    items.push((match[1] ?? match[2]!).replace(/\\(.)/g, "$1"));
    if (match[3] === "") break;
  }
  return items;
}

/** Comma-separated names (the Kaggle file's cast, director and country cells). */
export function commaList(text: string): string[] {
  return text
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
}

/** Names of countries and languages as Intl spells them, to ISO codes: the lookup tables come with Node (ICU). */
function reverseDisplayNames(type: "region" | "language", codes: string[]): Map<string, string> {
  const names = new Intl.DisplayNames(["en"], { type });
  const byName = new Map<string, string>();
  for (const code of codes) {
    const name = names.of(code);
    if (name && name !== code) byName.set(name.toLowerCase(), code);
  }
  return byName;
}

const LETTERS = [..."ABCDEFGHIJKLMNOPQRSTUVWXYZ"];
const regionNames = reverseDisplayNames("region", LETTERS.flatMap((a) => LETTERS.map((b) => a + b)));
const languageNames = reverseDisplayNames("language", LETTERS.flatMap((a) => LETTERS.map((b) => (a + b).toLowerCase())));

/**
 * The files' spellings that Intl does not use (TMDB's official names, older names). States that no longer exist
 * keep their ISO 3166-3 former codes (CS, DD, SU, YU); West Germany is DE.
 */
const COUNTRY_ALIASES: Record<string, string> = {
  "united states of america": "US",
  "czech republic": "CZ",
  "brunei darussalam": "BN",
  "faeroe islands": "FO",
  guadaloupe: "GP",
  "hong kong": "HK",
  "libyan arab jamahiriya": "LY",
  macedonia: "MK",
  myanmar: "MM",
  palestine: "PS",
  "palestinian territory": "PS",
  "syrian arab republic": "SY",
  turkey: "TR",
  "turks and caicos islands": "TC",
  czechoslovakia: "CS",
  "east germany": "DD",
  "west germany": "DE",
  "soviet union": "SU",
  yugoslavia: "YU",
};

/** ISO 3166-1 alpha-2 code of a country name, or null when the name is not a country we know. */
export function countryCode(name: string): string | null {
  const key = name.trim().toLowerCase();
  return COUNTRY_ALIASES[key] ?? regionNames.get(key) ?? null;
}

/** ISO 639-1 code of a language name ("Korean" → "ko"), or null. */
export function languageCode(name: string): string | null {
  return languageNames.get(name.trim().toLowerCase()) ?? null;
}

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

/** A full date as Wikipedia writes it ("July 15, 2016") as YYYY-MM-DD; null for "TBA", "2024", "Late 2023" and the like. */
export function wikipediaDate(text: string, column: string): string | null {
  const match = /^([A-Za-z]+) (\d{1,2}), (\d{4})$/.exec(text.trim());
  if (!match) return null;
  const month = MONTHS.indexOf(match[1]!.toLowerCase());
  if (month < 0) throw new CellError(column, `"${text}" is not a date`);
  return isoDate(Number(match[3]), month + 1, Number(match[2]), text, column);
}

function isoDate(year: number, month: number, day: number, text: string, column: string): string {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) throw new CellError(column, `"${text}" is not a date`);
  return date.toISOString().slice(0, 10);
}

/** An ISO date cell (TMDB's release_date); empty is null. */
export function isoDateCell(text: string, column: string): string | null {
  if (text.trim() === "") return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!match) throw new CellError(column, `expected a date as YYYY-MM-DD, got "${text.slice(0, 40)}"`);
  return isoDate(Number(match[1]), Number(match[2]), Number(match[3]), text, column);
}

/** A non-negative number cell ("102.0"); empty is null. */
export function numberCell(text: string, column: string): number | null {
  if (text.trim() === "") return null;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) throw new CellError(column, `expected a number, got "${text.slice(0, 40)}"`);
  return value;
}

/** "4 seasons, 34 episodes" → 4; "TBA", "6 episodes", "4 parts, 32 episodes" → null (no season count stated). */
export function seasonCount(text: string): number | null {
  const match = /^(\d+) seasons?\b/i.exec(text.trim());
  return match ? Number(match[1]) : null;
}

/** Content ratings as the Kaggle file has them (TV-MA, PG-13, TV-Y7-FV, NR); its shifted cells ("74 min") are not. */
export function contentRating(text: string): string | null {
  const value = text.trim();
  return /^(?:TV-[A-Z0-9]+(?:-[A-Z]+)?|G|PG|PG-13|R|NC-17|NR|UR)$/.test(value) ? value : null;
}
