import { recordAudit } from "../../common/audit.js";
import { reviewArticlesAgainstCharts } from "../../articles/stale-alerts.js";
import { publicContentChanged } from "../../common/public-content.js";
import type { Prisma, PrismaClient } from "../../db/prisma.js";
import { slugFromTitle } from "../../articles/slug.js";
import { parseTop10, type ChartRow } from "./parse.js";
import { isLimitedSeries, matchKey, seasonNumberOf, type KindFamily } from "./titles.js";

type Tx = Prisma.TransactionClient;

/** Advisory lock key that serializes Top 10 imports ("G10I" in ASCII). */
const IMPORT_LOCK_KEY = 0x47313049;

export interface ImportSummary {
  file: string;
  format: "global" | "country";
  rowsRead: number;
  created: number;
  updated: number;
  unchanged: number;
  showsCreated: number;
  seasonsCreated: number;
}

export type ImportProgress = (stage: string, done: number, total: number) => void;

/** Rows per bulk statement: big enough to amortize round trips, small enough to keep memory flat. */
const BATCH = 5000;

const familyOf = (row: ChartRow): KindFamily => (row.category.startsWith("FILMS") ? "film" : "tv");

/** Memoizes per distinct title: a file repeats the same few thousand titles across all its rows. */
function memoize<T>(compute: (showTitle: string, seasonTitle: string | null, family: KindFamily) => T) {
  const cache = new Map<string, T>();
  return (row: ChartRow): T => {
    const family = familyOf(row);
    const key = `${family}\u0000${row.showTitle}\u0000${row.seasonTitle ?? ""}`;
    let value = cache.get(key);
    if (value === undefined) {
      value = compute(row.showTitle, row.seasonTitle, family);
      cache.set(key, value);
    }
    return value;
  };
}
/** Each row's show key and season number, computed once per distinct title during one import. */
interface RowKeys {
  show: (row: ChartRow) => string;
  season: (row: ChartRow) => number | null;
}

function rowKeys(): RowKeys {
  return {
    show: memoize((showTitle, _season, family) => matchKey(showTitle, family)),
    season: memoize((showTitle, seasonTitle) => seasonNumberOf(showTitle, seasonTitle)),
  };
}

/**
 * Imports one Netflix Top 10 file, all or nothing: the text is parsed and validated whole, then
 * shows, seasons and chart rows are written in bulk inside one transaction. Re-importing the same
 * file changes nothing; a newer file adds new weeks and updates revised figures.
 */
export async function importTop10(
  prisma: PrismaClient,
  text: string,
  options: { file: string; actorId: number | null; onProgress?: ImportProgress },
): Promise<ImportSummary> {
  const parsed = parseTop10(text, options.file);
  const progress = options.onProgress ?? (() => {});
  const keys = rowKeys();
  const summary = await prisma.$transaction(
    async (tx) => {
      // One import at a time, across every instance: two imports of overlapping files would both
      // try to create the same new shows and seasons. The lock ends with the transaction.
      await tx.$queryRaw`SELECT pg_advisory_xact_lock(${IMPORT_LOCK_KEY})::text`;
      const shows = await resolveShows(tx, parsed.rows, keys);
      const seasons = await resolveSeasons(tx, parsed.rows, shows.ids, keys);
      if (parsed.format === "country") await upsertCountries(tx, parsed.rows);

      let created = 0;
      let updated = 0;
      for (let start = 0; start < parsed.rows.length; start += BATCH) {
        const batch = parsed.rows.slice(start, start + BATCH);
        const outcome = await upsertChartRows(tx, batch, shows.ids, seasons.ids, keys);
        created += outcome.created;
        updated += outcome.updated;
        progress("rows", Math.min(start + BATCH, parsed.rows.length), parsed.rows.length);
      }
      // A season that now charts can contradict a published verdict ("no season 2"): flag those stories.
      await reviewArticlesAgainstCharts(tx);
      const summary: ImportSummary = {
        file: options.file,
        format: parsed.format,
        rowsRead: parsed.rows.length,
        created,
        updated,
        unchanged: parsed.rows.length - created - updated,
        showsCreated: shows.created,
        seasonsCreated: seasons.created,
      };
      await recordAudit(tx, {
        actorId: options.actorId,
        action: "charts.imported",
        entityType: "ChartImport",
        entityId: 0,
        details: { ...summary },
      });
      return summary;
    },
    { timeout: 10 * 60_000, maxWait: 30_000 },
  );
  if (summary.created + summary.updated > 0) publicContentChanged();
  return summary;
}

/** Finds each title's show by match key, creating the missing ones (with unique slugs). */
async function resolveShows(tx: Tx, rows: ChartRow[], rowKeys: RowKeys): Promise<{ ids: Map<string, number>; created: number }> {
  const titles = new Map<string, { title: string; family: KindFamily; limited: boolean }>();
  for (const row of rows) {
    const key = rowKeys.show(row);
    const known = titles.get(key);
    if (!known) titles.set(key, { title: row.showTitle, family: familyOf(row), limited: isLimitedSeries(row.seasonTitle) });
    else if (!isLimitedSeries(row.seasonTitle)) known.limited = false;
  }
  const wantedKeys = [...titles.keys()];
  const existing = await tx.show.findMany({ where: { matchKey: { in: wantedKeys } }, select: { id: true, matchKey: true } });
  const ids = new Map(existing.map((show) => [show.matchKey!, show.id]));
  const missing = wantedKeys.filter((key) => !ids.has(key));
  if (missing.length === 0) return { ids, created: 0 };

  const wanted = missing.map((key) => slugFromTitle(titles.get(key)!.title));
  // All existing slugs: one indexed scan is cheaper than asking about thousands of prefixes.
  const taken = new Set((await tx.show.findMany({ select: { slug: true } })).map((show) => show.slug));
  const slugs = wanted.map((base) => {
    let slug = base;
    for (let suffix = 2; taken.has(slug); suffix += 1) slug = `${base}-${suffix}`;
    taken.add(slug);
    return slug;
  });
  const created = await tx.show.createManyAndReturn({
    data: missing.map((key, position) => {
      const { title, family, limited } = titles.get(key)!;
      return {
        title,
        slug: slugs[position]!,
        matchKey: key,
        kind: family === "film" ? ("FILM" as const) : limited ? ("LIMITED_SERIES" as const) : ("SERIES" as const),
        genres: [],
        status: family === "film" ? ("ENDED" as const) : ("PENDING" as const),
      };
    }),
    select: { id: true, matchKey: true },
  });
  for (const show of created) ids.set(show.matchKey!, show.id);
  return { ids, created: created.length };
}

async function resolveSeasons(
  tx: Tx,
  rows: ChartRow[],
  showIds: Map<string, number>,
  rowKeys: RowKeys,
): Promise<{ ids: Map<string, number>; created: number }> {
  const wanted = new Map<string, { showId: number; number: number }>();
  for (const row of rows) {
    const number = rowKeys.season(row);
    if (number === null) continue;
    const showId = showIds.get(rowKeys.show(row))!;
    wanted.set(`${showId}#${number}`, { showId, number });
  }
  const pairs = [...wanted.values()];
  const before = await tx.season.count({ where: { showId: { in: [...new Set(pairs.map((pair) => pair.showId))] } } });
  await tx.season.createMany({ data: pairs, skipDuplicates: true });
  const seasons = await tx.season.findMany({
    where: { showId: { in: [...new Set(pairs.map((pair) => pair.showId))] } },
    select: { id: true, showId: true, number: true },
  });
  return {
    ids: new Map(seasons.map((season) => [`${season.showId}#${season.number}`, season.id])),
    created: seasons.length - before,
  };
}

async function upsertCountries(tx: Tx, rows: ChartRow[]): Promise<void> {
  const countries = new Map(rows.map((row) => [row.region, row.countryName!]));
  for (const [code, name] of countries) {
    await tx.country.upsert({ where: { code }, create: { code, name }, update: { name } });
  }
}

/**
 * One INSERT … ON CONFLICT per batch, fed by unnest() arrays. A row is only rewritten when one of
 * its figures differs, so re-imports report their rows as unchanged and leave updatedAt alone.
 */
async function upsertChartRows(
  tx: Tx,
  rows: ChartRow[],
  showIds: Map<string, number>,
  seasonIds: Map<string, number>,
  rowKeys: RowKeys,
): Promise<{ created: number; updated: number }> {
  const column = <T>(pick: (row: ChartRow) => T) => rows.map(pick);
  const showIdOf = (row: ChartRow) => showIds.get(rowKeys.show(row))!;
  const seasonIdOf = (row: ChartRow) => {
    const number = rowKeys.season(row);
    return number === null ? null : (seasonIds.get(`${showIdOf(row)}#${number}`) ?? null);
  };
  const result = await tx.$queryRaw<{ inserted: boolean }[]>`
    INSERT INTO "ChartEntry" (category, region, "weekStart", "weekEnd", rank, "showId", "seasonId", "showTitle", "seasonTitle",
      "hoursViewed", "runtimeHours", "cumulativeWeeksInTop10", "isStaggeredLaunch", "episodeLaunchDetails", "updatedAt")
    SELECT c::"ChartCategory", r, ws, we, rk, sh, se, st, sst, h, rt, cw, stg, eld, (now() AT TIME ZONE 'UTC')
    FROM unnest(
      ${column((row) => row.category)}::text[], ${column((row) => row.region)}::text[],
      ${column((row) => row.weekStart)}::date[], ${column((row) => row.weekEnd)}::date[],
      ${column((row) => row.rank)}::int[], ${column(showIdOf)}::int[], ${column(seasonIdOf)}::int[],
      ${column((row) => row.showTitle)}::text[], ${column((row) => row.seasonTitle)}::text[],
      ${column((row) => row.hoursViewed)}::int[], ${column((row) => row.runtimeHours)}::numeric[],
      ${column((row) => row.cumulativeWeeks)}::int[], ${column((row) => row.isStaggeredLaunch)}::boolean[],
      ${column((row) => row.episodeLaunchDetails)}::text[]
    ) AS input(c, r, ws, we, rk, sh, se, st, sst, h, rt, cw, stg, eld)
    ON CONFLICT (category, region, "weekEnd", rank) DO UPDATE SET
      "showId" = EXCLUDED."showId", "seasonId" = EXCLUDED."seasonId", "showTitle" = EXCLUDED."showTitle",
      "seasonTitle" = EXCLUDED."seasonTitle", "hoursViewed" = EXCLUDED."hoursViewed",
      "runtimeHours" = COALESCE(EXCLUDED."runtimeHours", "ChartEntry"."runtimeHours"),
      "cumulativeWeeksInTop10" = EXCLUDED."cumulativeWeeksInTop10",
      "isStaggeredLaunch" = COALESCE(EXCLUDED."isStaggeredLaunch", "ChartEntry"."isStaggeredLaunch"),
      "episodeLaunchDetails" = COALESCE(EXCLUDED."episodeLaunchDetails", "ChartEntry"."episodeLaunchDetails"),
      "updatedAt" = (now() AT TIME ZONE 'UTC')
    WHERE ("ChartEntry"."showId", "ChartEntry"."seasonId", "ChartEntry"."showTitle", "ChartEntry"."seasonTitle",
           "ChartEntry"."hoursViewed", "ChartEntry"."cumulativeWeeksInTop10")
      IS DISTINCT FROM (EXCLUDED."showId", EXCLUDED."seasonId", EXCLUDED."showTitle", EXCLUDED."seasonTitle",
           EXCLUDED."hoursViewed", EXCLUDED."cumulativeWeeksInTop10")
       OR (EXCLUDED."runtimeHours" IS NOT NULL AND EXCLUDED."runtimeHours" IS DISTINCT FROM "ChartEntry"."runtimeHours")
    RETURNING (xmax = 0) AS inserted`;
  const created = result.filter((row) => row.inserted).length;
  return { created, updated: result.length - created };
}
