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
      show: { select: { title: true, kind: true } },
      season: { select: { number: true, runtimeHours: true } },
    },
    orderBy: [{ weekEnd: "asc" }, { category: "asc" }, { rank: "asc" }],
  });
  return rows.map((row) => {
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
    };
  });
}

/**
 * sha256 of the rows a model was trained on, written without database ids (which differ between
 * databases): list, week, rank, title, season number, hours, views; then the labels fitted. Same file
 * imported → same fingerprint.
 */
export function fingerprintOf(rows: readonly HistoryRow[], labels: readonly string[] = []): string {
  const hash = createHash("sha256");
  for (const row of rows) {
    hash.update(
      [row.category, isoDay(row.weekEnd), row.rank, row.showTitle, row.seasonNumber, row.hours ?? "", row.views ?? ""].join("\t") + "\n",
    );
  }
  for (const label of labels) hash.update(`${label}\n`);
  return `sha256:${hash.digest("hex")}`;
}

export const isoDay = (date: Date) => date.toISOString().slice(0, 10);
