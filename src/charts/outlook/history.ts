// The global chart rows the renewal model reads, in one plain shape for training, backtest and serving.
import { createHash } from "node:crypto";
import type { PrismaClient } from "../../db/prisma.js";
import { viewsOf, type ViewsSource } from "../figures.js";

export const DAY_MS = 86_400_000;

export type ShowKindName = "SERIES" | "LIMITED_SERIES" | "DOCUSERIES" | "REALITY" | "ANIMATED_SERIES" | "FILM" | "SPECIAL";

/** One week of one season in a global list. */
export interface HistoryRow {
  showId: number;
  showTitle: string;
  kind: ShowKindName;
  seasonId: number;
  seasonNumber: number;
  category: string;
  weekStart: Date;
  weekEnd: Date;
  rank: number;
  hours: number | null;
  /** Netflix's views, or hours ÷ the row's or the season's runtime (figures.ts `viewsOf`); null when neither. */
  views: number | null;
  /** Where `views` comes from; null when views are unknown. */
  viewsSource: ViewsSource | null;
  /** The season's runtime in hours where Netflix stated one. */
  runtimeHours: number | null;
  /** What the database knows of the show (the seed and `import:metadata`), shared by all its rows: features.ts `showMetadataOf`. */
  show: ShowMetadata;
}

/** A show's metadata as stored: genres (TMDB's names after its import), ISO 639-1 language, ISO 3166 production countries, content rating. */
export interface ShowMetadata {
  genres: readonly string[];
  originalLanguage: string | null;
  countries: readonly string[];
  contentRating: string | null;
}

const TV_LISTS = ["TV_ENGLISH", "TV_NON_ENGLISH", "TV"];

/**
 * The TV lists' global rows with a season, oldest first (a total order, so both engines give the same
 * sequence and training is byte-for-byte reproducible). `where` narrows the scan for serving.
 */
export async function loadHistory(
  prisma: Pick<PrismaClient, "chartEntry">,
  where: { category?: string; from?: Date; to?: Date; showId?: number; showIds?: readonly number[] } = {},
): Promise<HistoryRow[]> {
  const rows = await prisma.chartEntry.findMany({
    where: {
      region: "GLOBAL",
      seasonId: { not: null },
      category: where.category ? (where.category as never) : { in: TV_LISTS as never[] },
      ...(where.showId !== undefined ? { showId: where.showId } : {}),
      ...(where.showIds !== undefined ? { showId: { in: [...where.showIds] } } : {}),
      ...(where.from || where.to ? { weekEnd: { ...(where.from ? { gte: where.from } : {}), ...(where.to ? { lte: where.to } : {}) } } : {}),
    },
    select: {
      category: true,
      weekStart: true,
      weekEnd: true,
      rank: true,
      hoursViewed: true,
      views: true,
      runtimeHours: true,
      showId: true,
      seasonId: true,
      show: { select: { title: true, kind: true, genres: true, originalLanguage: true, countries: true, contentRating: true } },
      season: { select: { number: true, runtimeHours: true } },
    },
    orderBy: [{ weekEnd: "asc" }, { category: "asc" }, { rank: "asc" }],
  });
  // One object per show, so the rows of a show share it (and a list's scan does not copy arrays per row).
  const shows = new Map<number, ShowMetadata>();
  return rows.map((row) => {
    let show = shows.get(row.showId);
    if (!show) {
      show = { genres: row.show.genres, originalLanguage: row.show.originalLanguage, countries: row.show.countries, contentRating: row.show.contentRating };
      shows.set(row.showId, show);
    }
    const rowRuntime = row.runtimeHours?.toNumber() || null;
    const seasonRuntime = row.season!.runtimeHours?.toNumber() || null;
    const views = viewsOf({ hoursViewed: row.hoursViewed, runtimeHours: rowRuntime, publishedViews: row.views }, seasonRuntime);
    return {
      showId: row.showId,
      showTitle: row.show.title,
      kind: row.show.kind as ShowKindName,
      seasonId: row.seasonId!,
      seasonNumber: row.season!.number,
      category: row.category,
      weekStart: row.weekStart,
      weekEnd: row.weekEnd,
      rank: row.rank,
      hours: row.hoursViewed,
      views: views?.views ?? null,
      viewsSource: views?.source ?? null,
      runtimeHours: rowRuntime ?? seasonRuntime,
      show,
    };
  });
}

/**
 * sha256 of the rows a model was trained on, written without database ids (which differ between
 * databases): list, week, rank, title, season number, hours, views, the show's genres, language, countries
 * and content rating (the metadata features read them); then the labels fitted. Same files imported → same fingerprint.
 */
export function fingerprintOf(rows: readonly HistoryRow[], labels: readonly string[] = []): string {
  const hash = createHash("sha256");
  for (const row of rows) {
    hash.update(
      [
        row.category,
        isoDay(row.weekEnd),
        row.rank,
        row.showTitle,
        row.seasonNumber,
        row.hours ?? "",
        row.views ?? "",
        row.show.genres.join("|"),
        row.show.originalLanguage ?? "",
        row.show.countries.join("|"),
        row.show.contentRating ?? "",
      ].join("\t") + "\n",
    );
  }
  for (const label of labels) hash.update(`${label}\n`);
  return `sha256:${hash.digest("hex")}`;
}

export const isoDay = (date: Date) => date.toISOString().slice(0, 10);
