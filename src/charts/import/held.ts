// What an import finds already held: the rows of its lists, and whether the file is older than
// them. Older files must not undo Netflix's later revisions and renames (see importer.ts).
import { Prisma } from "../../db/prisma.js";
import type { ChartRow } from "./parse.js";

type Tx = Prisma.TransactionClient;

export const rowKey = (category: string, region: string, weekEnd: string, rank: number) => `${category}|${region}|${weekEnd}|${rank}`;

/** The rows already held for the file's lists (global or national, by category), and whether the file is older than them. */
export async function heldRows(
  tx: Tx,
  rows: ChartRow[],
): Promise<{ ids: Map<string, number>; showIds: number[]; olderThanHeld: boolean; fileNewest: string; newestHeld: string | null }> {
  const regions = [...new Set(rows.map((row) => row.region))];
  const categories = [...new Set(rows.map((row) => row.category))];
  const weeks = rows.map((row) => row.weekEnd).sort();
  const fileNewest = weeks[weeks.length - 1]!;
  const held = await tx.$queryRaw<{ id: number; key: string; showId: number }[]>`
    SELECT id, "showId", category::text || '|' || region || '|' || to_char("weekEnd", 'YYYY-MM-DD') || '|' || rank AS key
    FROM "ChartEntry"
    WHERE region = ANY(${regions}::text[]) AND category::text = ANY(${categories}::text[])`;
  const newest = await tx.$queryRaw<{ newest: string | null }[]>`
    SELECT to_char(max("weekEnd"), 'YYYY-MM-DD') AS newest FROM "ChartEntry"
    WHERE region = ANY(${regions}::text[]) AND category::text = ANY(${categories}::text[])`;
  const newestHeld = newest[0]?.newest ?? null;
  return {
    ids: new Map(held.map((row) => [row.key, row.id])),
    showIds: [...new Set(held.map((row) => row.showId))],
    olderThanHeld: newestHeld !== null && fileNewest < newestHeld,
    fileNewest,
    newestHeld,
  };
}

/**
 * An older file over rows already held: shows, seasons and titles always stay as the newer data
 * has them. With `figures` its hours, weeks, runtime and views overwrite; without, only the launch
 * columns that newer layouts no longer carry are filled where unknown.
 */
export async function reviseHeldRows(tx: Tx, rows: { row: ChartRow; id: number }[], figures: boolean): Promise<number> {
  const column = <T>(pick: (row: ChartRow) => T) => rows.map(({ row }) => pick(row));
  const input = Prisma.sql`unnest(${rows.map(({ id }) => id)}::int[], ${column((row) => row.hoursViewed)}::int[],
      ${column((row) => row.runtimeHours)}::numeric[], ${column((row) => row.views)}::int[],
      ${column((row) => row.cumulativeWeeks)}::int[], ${column((row) => row.isStaggeredLaunch)}::boolean[],
      ${column((row) => row.episodeLaunchDetails)}::text[]) AS input(id, h, rt, v, cw, stg, eld)`;
  if (!figures) {
    return tx.$executeRaw`
      UPDATE "ChartEntry" e SET "isStaggeredLaunch" = COALESCE(e."isStaggeredLaunch", input.stg),
        "episodeLaunchDetails" = COALESCE(e."episodeLaunchDetails", input.eld), "updatedAt" = (now() AT TIME ZONE 'UTC')
      FROM ${input}
      WHERE e.id = input.id
        AND ((e."isStaggeredLaunch" IS NULL AND input.stg IS NOT NULL) OR (e."episodeLaunchDetails" IS NULL AND input.eld IS NOT NULL))`;
  }
  return tx.$executeRaw`
    UPDATE "ChartEntry" e SET "hoursViewed" = input.h, "runtimeHours" = COALESCE(input.rt, e."runtimeHours"),
      views = COALESCE(input.v, e.views), "cumulativeWeeksInTop10" = input.cw,
      "isStaggeredLaunch" = COALESCE(input.stg, e."isStaggeredLaunch"),
      "episodeLaunchDetails" = COALESCE(input.eld, e."episodeLaunchDetails"), "updatedAt" = (now() AT TIME ZONE 'UTC')
    FROM ${input}
    WHERE e.id = input.id
      AND ((e."hoursViewed", e."cumulativeWeeksInTop10") IS DISTINCT FROM (input.h, input.cw)
        OR (input.rt IS NOT NULL AND input.rt IS DISTINCT FROM e."runtimeHours")
        OR (input.v IS NOT NULL AND input.v IS DISTINCT FROM e.views)
        OR (input.stg IS NOT NULL AND input.stg IS DISTINCT FROM e."isStaggeredLaunch")
        OR (input.eld IS NOT NULL AND input.eld IS DISTINCT FROM e."episodeLaunchDetails"))`;
}

/**
 * Shows whose chart rows this import moved elsewhere (a title Netflix renamed, a mis-merge the
 * matching now keeps apart) and that hold nothing else anyone made: no synopsis, credits,
 * companies, ratings, articles or status history. Removing them leaves no empty shows behind.
 */
export async function removeEmptiedShows(tx: Tx, showIds: number[]): Promise<number> {
  if (showIds.length === 0) return 0;
  return tx.$executeRaw`
    DELETE FROM "Show" s WHERE s.id = ANY(${showIds}::int[]) AND s.synopsis IS NULL
      AND NOT EXISTS (SELECT 1 FROM "ChartEntry" WHERE "showId" = s.id)
      AND NOT EXISTS (SELECT 1 FROM "Credit" WHERE "showId" = s.id)
      AND NOT EXISTS (SELECT 1 FROM "ShowProductionCompany" WHERE "showId" = s.id)
      AND NOT EXISTS (SELECT 1 FROM "Rating" WHERE "showId" = s.id)
      AND NOT EXISTS (SELECT 1 FROM "ArticleShow" WHERE "showId" = s.id)
      AND NOT EXISTS (SELECT 1 FROM "Article" WHERE "renewalShowId" = s.id)
      AND NOT EXISTS (SELECT 1 FROM "StatusChange" WHERE "showId" = s.id)`;
}
