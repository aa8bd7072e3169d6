// Netflix's all-time Most Popular list (most-popular.tsv): each global list's top 10 by views in the first
// 91 days. `importTop10` hands a file with these columns here, so the CLI, the mutation and the upload all
// take it. The file is a snapshot of the list: an import replaces it whole, in one transaction.
import { recordAudit } from "../../common/audit.js";
import { publicContentChanged } from "../../common/public-content.js";
import type { Prisma, PrismaClient } from "../../db/prisma.js";
import { holdImports } from "./lock.js";
import { GLOBAL_CATEGORIES, Top10FormatError, type Category } from "./parse.js";
import { loadRoutes, routedKey, routedShowId } from "./routes.js";
import { listMatchKey, matchKey, seasonOf } from "./titles.js";
import type { ImportOptions, ImportSummary } from "./importer.js";

const COLUMNS = ["category", "rank", "show_title", "season_title", "hours_viewed_first_91_days", "runtime", "views_first_91_days"];

export interface MostPopularRow {
  line: number;
  category: Category;
  rank: number;
  showTitle: string;
  seasonTitle: string | null;
  hours: number;
  views: number;
  runtimeHours: string | null;
}

/** Whether a file is the Most Popular list: its header has the first-91-days columns. */
export function isMostPopularFile(text: string): boolean {
  const header = text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0]!.split("\t").map((name) => name.trim());
  return header.includes("views_first_91_days");
}

export function parseMostPopular(text: string, file: string): MostPopularRow[] {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/).filter((line) => line !== "");
  const header = lines[0]!.split("\t").map((name) => name.trim());
  const missing = COLUMNS.filter((name) => !header.includes(name));
  if (missing.length > 0) throw new Top10FormatError(file, 1, missing[0]!, `missing column(s) ${missing.join(", ")}; is this Netflix's most-popular.tsv?`);
  const seen = new Map<string, number>();
  return lines.slice(1).map((text, index) => {
    const line = index + 2;
    const cells = Object.fromEntries(text.split("\t").map((cell, position) => [header[position], cell.trim()]));
    const fail = (column: string, problem: string): never => {
      throw new Top10FormatError(file, line, column, problem);
    };
    const whole = (column: string, max: number) => {
      const value = /^\d{1,15}$/.test(cells[column] ?? "") ? Number(cells[column]) : fail(column, `"${cells[column] ?? ""}" is not a whole number`);
      return value > max ? fail(column, `${value} is more than ${max}`) : value;
    };
    const category = GLOBAL_CATEGORIES[cells.category ?? ""] ?? fail("category", `unknown category "${cells.category ?? ""}"`);
    const rank = whole("rank", 10);
    if (rank < 1) fail("rank", "ranks start at 1");
    const key = `${category} ${rank}`;
    if (seen.has(key)) fail("rank", `duplicates line ${seen.get(key)}: rank ${rank} of ${cells.category} again`);
    seen.set(key, line);
    const runtime = cells.runtime ?? "";
    if (runtime !== "" && !/^\d{1,5}(\.\d{1,4})?$/.test(runtime)) fail("runtime", `"${runtime}" is not a number of hours`);
    const season = cells.season_title ?? "";
    return {
      line,
      category,
      rank,
      showTitle: cells.show_title || fail("show_title", "empty show title"),
      seasonTitle: season === "" || season === "N/A" ? null : season,
      hours: whole("hours_viewed_first_91_days", Number.MAX_SAFE_INTEGER),
      views: whole("views_first_91_days", Number.MAX_SAFE_INTEGER),
      runtimeHours: runtime === "" ? null : runtime,
    };
  });
}

type Tx = Prisma.TransactionClient;

/**
 * Each row's show and season, found as the Top 10 import finds them (titles.ts `listMatchKey`, editors' routes,
 * `seasonOf` for the season's number; a series' row without a season title is its season 1). Null when the
 * Top 10 files never had the title.
 */
async function matchRows(tx: Tx, rows: readonly MostPopularRow[]): Promise<{ showId: number | null; seasonId: number | null }[]> {
  const routes = await loadRoutes(tx);
  const keys = rows.map((row) => routedKey(routes, listMatchKey(row.showTitle, row.category), row.seasonTitle));
  const family = (row: MostPopularRow) => (row.category.startsWith("FILMS") ? "film" : "tv");
  // A show made by hand or by the seed keeps the list-less key until a global list adopts it.
  const lookup = [...new Set(rows.flatMap((row, index) => [keys[index]!, matchKey(row.showTitle, family(row))]))];
  const shows = await tx.show.findMany({ where: { matchKey: { in: lookup } }, select: { id: true, matchKey: true } });
  const byKey = new Map(shows.map((show) => [show.matchKey!, show.id]));
  const showIds = rows.map((row, index) => routedShowId(keys[index]!) ?? byKey.get(keys[index]!) ?? byKey.get(matchKey(row.showTitle, family(row))) ?? null);
  const seasons = await tx.season.findMany({
    where: { showId: { in: showIds.filter((id): id is number => id !== null) } },
    select: { id: true, showId: true, number: true, title: true },
  });
  return rows.map((row, index) => {
    const showId = showIds[index]!;
    if (showId === null || family(row) === "film") return { showId, seasonId: null };
    const ref = seasonOf(row.showTitle, row.seasonTitle);
    const own = seasons.filter((season) => season.showId === showId);
    const season =
      ref.kind === "named"
        ? own.find((candidate) => candidate.title?.toLowerCase() === ref.name.toLowerCase())
        : ref.kind === "episode"
          ? undefined
          : own.find((candidate) => candidate.number === (ref.kind === "numbered" ? ref.number : 1));
    return { showId, seasonId: season?.id ?? null };
  });
}

/**
 * Redoes the stored entries' matches (the same `matchRows` the import uses) inside the caller's transaction, so
 * an entry never points at a show a merge removed, at the show a split took its season from, or misses a show a
 * Top 10 import has just created: run by every Top 10 import (global or national: both can create shows),
 * merge, unmerge and split. One statement when no list is imported, four plus one per entry whose match changed
 * otherwise. Returns how many changed.
 */
export async function rematchMostPopular(tx: Tx): Promise<number> {
  const entries = await tx.mostPopularEntry.findMany({ select: { id: true, line: true, category: true, rank: true, showTitle: true, seasonTitle: true, showId: true, seasonId: true } });
  if (entries.length === 0) return 0;
  const rows: MostPopularRow[] = entries.map((entry) => ({
    line: entry.line,
    category: entry.category as Category,
    rank: entry.rank,
    showTitle: entry.showTitle,
    seasonTitle: entry.seasonTitle,
    hours: 0,
    views: 0,
    runtimeHours: null,
  }));
  const matches = await matchRows(tx, rows);
  const changed = entries.flatMap((entry, index) => {
    const match = matches[index]!;
    return match.showId === entry.showId && match.seasonId === entry.seasonId ? [] : [{ id: entry.id, ...match }];
  });
  for (const change of changed) await tx.mostPopularEntry.update({ where: { id: change.id }, data: { showId: change.showId, seasonId: change.seasonId } });
  return changed.length;
}

/** Replaces the stored list with the file's, all or nothing, under the import lock; re-importing the same file changes nothing. */
export async function importMostPopular(prisma: PrismaClient, text: string, options: ImportOptions): Promise<ImportSummary> {
  const rows = parseMostPopular(text, options.file);
  const summary = await prisma.$transaction(async (tx) => {
    await holdImports(tx);
    const matches = await matchRows(tx, rows);
    const held = await tx.mostPopularEntry.findMany();
    const heldByKey = new Map(held.map((row) => [`${row.category} ${row.rank}`, row]));
    const wanted = rows.map((row, index) => ({
      category: row.category,
      rank: row.rank,
      showTitle: row.showTitle,
      seasonTitle: row.seasonTitle,
      hoursFirst91Days: BigInt(row.hours),
      viewsFirst91Days: BigInt(row.views),
      runtimeHours: row.runtimeHours,
      showId: matches[index]!.showId,
      seasonId: matches[index]!.seasonId,
      file: options.file,
      line: row.line,
    }));
    const same = (row: (typeof wanted)[number], old: (typeof held)[number] | undefined) =>
      old !== undefined &&
      old.showTitle === row.showTitle &&
      old.seasonTitle === row.seasonTitle &&
      old.hoursFirst91Days === row.hoursFirst91Days &&
      old.viewsFirst91Days === row.viewsFirst91Days &&
      (old.runtimeHours?.toString() ?? null) === (row.runtimeHours === null ? null : Number(row.runtimeHours).toString()) &&
      old.showId === row.showId &&
      old.seasonId === row.seasonId;
    const unchanged = wanted.filter((row) => same(row, heldByKey.get(`${row.category} ${row.rank}`))).length;
    const created = wanted.filter((row) => !heldByKey.has(`${row.category} ${row.rank}`)).length;
    const updated = wanted.length - unchanged - created;
    const removed = held.length - (wanted.length - created);
    if (unchanged !== wanted.length || removed > 0) {
      await tx.mostPopularEntry.deleteMany({});
      await tx.mostPopularEntry.createMany({ data: wanted });
    }
    const unmatched = rows.filter((_, index) => matches[index]!.showId === null);
    const summary: ImportSummary = {
      file: options.file,
      format: "most-popular",
      rowsRead: rows.length,
      created,
      updated,
      unchanged,
      showsCreated: 0,
      seasonsCreated: 0,
      showsRemoved: 0,
      olderThanHeld: false,
      warnings: unmatched.length
        ? [`${unmatched.length} of ${rows.length} titles are in no Top 10 file imported so far (not matched): ${unmatched.map((row) => `line ${row.line} ${row.showTitle}`).join(", ")}.`]
        : [],
    };
    await recordAudit(tx, { actorId: options.actorId, action: "charts.mostPopularImported", entityType: "ChartImport", entityId: 0, details: { ...summary } });
    return summary;
  });
  if (summary.created + summary.updated > 0) publicContentChanged();
  return summary;
}

