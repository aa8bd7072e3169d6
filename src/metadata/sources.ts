import { parse } from "csv-parse/sync";
import type { KindFamily } from "../charts/import/titles.js";
import { CellError, commaList, contentRating, countryCode, isoDateCell, languageCode, numberCell, pythonStringList, seasonCount, wikipediaDate } from "./values.js";

/** The three metadata files beside the project (see ../shared/data/SOURCES.md). */
export type MetadataSource = "TMDB" | "WIKIPEDIA" | "KAGGLE";
export const METADATA_SOURCES: MetadataSource[] = ["TMDB", "WIKIPEDIA", "KAGGLE"];

/** The show fields an import may fill, as the API names them. */
export interface ShowFieldValues {
  synopsis?: string;
  genres?: string[];
  originalLanguage?: string;
  countries?: string[];
  runtimeMinutes?: number;
  premiereDate?: string;
  contentRating?: string;
}
export type ImportedField = keyof ShowFieldValues;

/** One data row of a metadata file, read into what it says about one show. */
export interface MetadataRecord {
  line: number;
  title: string;
  family: KindFamily;
  /** Release or premiere year, where the file states one. */
  year: number | null;
  /** TMDB's id or the Kaggle file's show_id: a re-import matches by it. */
  externalId: string | null;
  fields: ShowFieldValues;
  companies: string[];
  /** How many seasons the show has (Wikipedia). */
  seasons: number | null;
  credits: { name: string; role: "CAST" | "DIRECTOR" }[];
  /** Values of the row that were not usable and were left out (not an error: the real files have them). */
  notes: string[];
}

export class MetadataFormatError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: string,
    reason: string,
  ) {
    super(`${file}:${line} (column ${column}): ${reason}`);
  }
}

interface SourceFormat {
  /** Columns that must be present (the header tells the sources apart by them). */
  required: string[];
  read(cell: (column: string) => string, line: number): Omit<MetadataRecord, "line" | "notes"> & { notes?: string[] };
}

const kindOf = (value: string, kinds: Record<string, KindFamily>, column: string): KindFamily => {
  const family = kinds[value];
  if (!family) throw new CellError(column, `expected ${Object.keys(kinds).join(" or ")}, got "${value.slice(0, 40)}"`);
  return family;
};

function codes(names: string[], lookup: (name: string) => string | null, column: string, notes: string[]): string[] {
  const found: string[] = [];
  for (const name of names) {
    const code = lookup(name);
    if (code) {
      if (!found.includes(code)) found.push(code);
    } else notes.push(`${column} "${name.slice(0, 60)}" is not known; left out`);
  }
  return found;
}

const FORMATS: Record<MetadataSource, SourceFormat> = {
  TMDB: {
    required: ["id", "title", "type", "genres", "original_language", "overview", "production_companies", "production_countries", "release_date", "runtime"],
    read(cell) {
      const notes: string[] = [];
      if (!/^\d+$/.test(cell("id"))) throw new CellError("id", `expected TMDB's numeric id, got "${cell("id").slice(0, 40)}"`);
      const family = kindOf(cell("type"), { Films: "film", TV: "tv" }, "type");
      const release = isoDateCell(cell("release_date"), "release_date");
      const runtime = numberCell(cell("runtime"), "runtime");
      const language = cell("original_language").trim();
      if (language && !/^[a-z]{2}$/.test(language)) throw new CellError("original_language", `expected an ISO 639-1 code, got "${language.slice(0, 20)}"`);
      const genres = pythonStringList(cell("genres"), "genres");
      const countries = codes(pythonStringList(cell("production_countries"), "production_countries"), countryCode, "production_countries", notes);
      const overview = cell("overview").trim();
      return {
        title: cell("title").trim(),
        family,
        year: release ? Number(release.slice(0, 4)) : null,
        externalId: cell("id"),
        fields: {
          ...(overview ? { synopsis: overview } : {}),
          ...(genres.length ? { genres } : {}),
          ...(language ? { originalLanguage: language } : {}),
          ...(countries.length ? { countries } : {}),
          // TMDB's runtime and release date are a film's; for TV the file leaves them empty or 0.
          ...(family === "film" && runtime ? { runtimeMinutes: Math.round(runtime) } : {}),
          ...(family === "film" && release ? { premiereDate: release } : {}),
        },
        companies: pythonStringList(cell("production_companies"), "production_companies").map((name) => name.trim()).filter(Boolean),
        seasons: null,
        credits: [],
        notes,
      };
    },
  },
  WIKIPEDIA: {
    required: ["Title", "Genre", "Premiere", "Seasons", "Language"],
    read(cell) {
      const notes: string[] = [];
      const premiere = wikipediaDate(cell("Premiere"), "Premiere");
      const genre = cell("Genre").trim();
      const language = cell("Language").trim();
      const code = language ? languageCode(language) : null;
      if (language && !code) notes.push(`Language "${language.slice(0, 60)}" is not a language we know; left out`);
      return {
        title: cell("Title").trim(),
        family: "tv",
        year: premiere ? Number(premiere.slice(0, 4)) : null,
        externalId: null,
        fields: {
          ...(premiere ? { premiereDate: premiere } : {}),
          ...(genre ? { genres: [genre] } : {}),
          ...(code ? { originalLanguage: code } : {}),
        },
        companies: [],
        seasons: seasonCount(cell("Seasons")),
        credits: [],
        notes,
      };
    },
  },
  KAGGLE: {
    // The stored copy names Kaggle's `country` column `produced_by` and `rating` `viewer_rating` (SOURCES.md); both spellings are read.
    required: ["show_id", "type", "title", "director", "cast", "release_year", "description"],
    read(cell) {
      const notes: string[] = [];
      const family = kindOf(cell("type"), { Movie: "film", "TV Show": "tv" }, "type");
      const yearText = cell("release_year").trim();
      if (!/^\d{4}$/.test(yearText)) throw new CellError("release_year", `expected a year, got "${yearText.slice(0, 20)}"`);
      const countryColumn = cell("country") !== "" ? "country" : "produced_by";
      const countries = codes(commaList(cell(countryColumn)), countryCode, countryColumn, notes);
      const ratingText = cell("rating") || cell("viewer_rating");
      const rating = contentRating(ratingText);
      if (ratingText.trim() && !rating) notes.push(`rating "${ratingText.slice(0, 40)}" is not a content rating; left out`);
      const description = cell("description").trim();
      return {
        title: cell("title").trim(),
        family,
        year: Number(yearText),
        externalId: cell("show_id").trim(),
        fields: {
          ...(description ? { synopsis: description } : {}),
          ...(countries.length ? { countries } : {}),
          ...(rating ? { contentRating: rating } : {}),
        },
        companies: [],
        seasons: null,
        credits: [
          ...commaList(cell("director")).map((name) => ({ name, role: "DIRECTOR" as const })),
          ...commaList(cell("cast")).map((name) => ({ name, role: "CAST" as const })),
        ],
        notes,
      };
    },
  },
};

/** The source a header names: the one whose required columns are all there. */
export function detectSource(header: string[]): MetadataSource | null {
  const columns = new Set(header.map((name) => name.trim()));
  return METADATA_SOURCES.find((source) => FORMATS[source].required.every((column) => columns.has(column))) ?? null;
}

/**
 * Reads a whole metadata file, or throws MetadataFormatError naming the first bad cell's line and column.
 * `source` forces a source; otherwise the header decides.
 */
export function parseMetadataFile(text: string, file: string, source?: MetadataSource): { source: MetadataSource; records: MetadataRecord[] } {
  let rows: { record: string[]; info: { lines: number; empty_lines: number } }[];
  try {
    rows = parse(text, { bom: true, info: true, skip_empty_lines: true, relax_quotes: false }) as unknown as typeof rows;
  } catch (error) {
    const failure = error as { code?: string; lines?: number; message: string };
    throw new MetadataFormatError(file, failure.lines ?? 1, "(row)", failure.message.replace(/ on line \d+$/, ""));
  }
  const header = rows[0]?.record;
  if (!header) throw new MetadataFormatError(file, 1, "(header)", "the file is empty");
  const detected = source ?? detectSource(header);
  if (!detected) throw new MetadataFormatError(file, 1, "(header)", `the header is not that of a TMDB, Wikipedia or Kaggle file: ${header.join(",").slice(0, 200)}`);
  const format = FORMATS[detected];
  const missing = format.required.find((column) => !header.includes(column));
  if (missing) throw new MetadataFormatError(file, 1, missing, `a ${detected} file needs the column "${missing}"`);
  const index = new Map(header.map((name, position) => [name.trim(), position]));
  const records: MetadataRecord[] = [];
  let previousEnd = rows[0]!.info.lines;
  let previousEmpty = rows[0]!.info.empty_lines;
  for (const { record, info } of rows.slice(1)) {
    // csv-parse reports the line a record ends on; a quoted cell may span lines, so the start is where the last one ended.
    const line = previousEnd + 1 + (info.empty_lines - previousEmpty);
    previousEnd = info.lines;
    previousEmpty = info.empty_lines;
    const cell = (column: string) => {
      const position = index.get(column);
      return position === undefined ? "" : (record[position] ?? "");
    };
    try {
      const read = format.read(cell, line);
      if (!read.title) throw new CellError(detected === "WIKIPEDIA" ? "Title" : "title", "the title is empty");
      records.push({ ...read, line, notes: read.notes ?? [] });
    } catch (error) {
      if (error instanceof CellError) throw new MetadataFormatError(file, line, error.column, error.message);
      throw error;
    }
  }
  return { source: detected, records };
}
