import { recordAudit } from "../../common/audit.js";
import { undecidedStatus } from "../../shows/status-facts.js";
import type { ShowKind } from "../../db/generated/enums.js";
import { reviewArticlesAgainstCharts } from "../../articles/stale-alerts.js";
import { publicContentChanged } from "../../common/public-content.js";
import type { Prisma, PrismaClient } from "../../db/prisma.js";
import { slugFromTitle } from "../../articles/slug.js";
import { heldRows, removeEmptiedShows, reviseHeldRows, rowKey } from "./held.js";
import { parseTop10, type ChartRow } from "./parse.js";
import { holdImports } from "./lock.js";
import { importMostPopular, isMostPopularFile, rematchMostPopular } from "./most-popular.js";
import { loadRoutes, routedKey, routedShowId, type Routes } from "./routes.js";
import { isLimitedSeries, isSpecial, seasonOf, showKeysOf, type KindFamily, type SeasonRef } from "./titles.js";
import { refreshSeasonChartStats } from "../season-stats.js";
import { recordImportProvenance, type ProvenanceRow } from "../../provenance/import-provenance.js";

type Tx = Prisma.TransactionClient;


export interface ImportSummary {
  file: string;
  format: "global" | "country" | "most-popular";
  rowsRead: number;
  created: number;
  updated: number;
  unchanged: number;
  showsCreated: number;
  seasonsCreated: number;
  /** Shows this import left without chart rows and without anything else, removed. */
  showsRemoved: number;
  /** The file's newest week is older than the newest week already held for its lists. */
  olderThanHeld: boolean;
  warnings: string[];
}

export type ImportProgress = (stage: string, done: number, total: number) => void;

export interface ImportOptions {
  file: string;
  actorId: number | null;
  onProgress?: ImportProgress;
  /** Let a file older than the data held rewrite the rows that data already has. */
  allowOlder?: boolean;
}

/** Rows per bulk statement: big enough to amortize round trips, small enough to keep memory flat. */
const BATCH = 5000;

const familyOf = (row: ChartRow): KindFamily => (row.category.startsWith("FILMS") ? "film" : "tv");
const isNational = (row: ChartRow) => row.category === "TV" || row.category === "FILMS";

/** Where each row of the file goes: its show key and what its season title says. */
interface Plan {
  rows: ChartRow[];
  showKey: Map<ChartRow, string>;
  season: Map<ChartRow, SeasonRef>;
  /** Show keys whose rows are one special or live event (no seasons). */
  specials: Set<string>;
}

function planRows(rows: ChartRow[], routes: Routes): Plan {
  const keys = showKeysOf(rows).map((key, index) => routedKey(routes, key, rows[index]!.seasonTitle));
  const showKey = new Map(rows.map((row, index) => [row, keys[index]!]));
  const seasons = new Map<string, SeasonRef>();
  const season = new Map<ChartRow, SeasonRef>();
  const byShow = new Map<string, ChartRow[]>();
  for (const row of rows) {
    const cacheKey = `${row.showTitle}\u0000${row.seasonTitle ?? ""}`;
    let ref = seasons.get(cacheKey);
    if (!ref) seasons.set(cacheKey, (ref = seasonOf(row.showTitle, row.seasonTitle)));
    season.set(row, ref);
    const group = byShow.get(showKey.get(row)!) ?? [];
    group.push(row);
    byShow.set(showKey.get(row)!, group);
  }
  // A routed show's kind is already known: resolveSeasons skips the seasons of one that is a special.
  const specials = new Set([...byShow].filter(([key, group]) => !key.startsWith("film") && routedShowId(key) === null && isSpecial(group)).map(([key]) => key));
  return { rows, showKey, season, specials };
}

/**
 * Imports one Netflix Top 10 file, all or nothing: the text is parsed and validated whole, then
 * shows, seasons and chart rows are written in bulk inside one transaction. Re-importing the same
 * file changes nothing; a newer file adds new weeks and updates revised figures. A file whose
 * newest week is older than the data held only adds the rows that data lacks, unless `allowOlder`.
 */
export async function importTop10(prisma: PrismaClient, text: string, options: ImportOptions): Promise<ImportSummary> {
  // Netflix's Most Popular list comes from the same site in the same layout family: told apart by its columns.
  if (isMostPopularFile(text)) return importMostPopular(prisma, text, options);
  const parsed = parseTop10(text, options.file);
  const progress = options.onProgress ?? (() => {});
  const summary = await prisma.$transaction(
    async (tx) => {
      // One import at a time, across every instance: two imports of overlapping files would both
      // try to create the same new shows and seasons. The lock ends with the transaction.
      await holdImports(tx);
      const held = await heldRows(tx, parsed.rows);
      const warnings: string[] = [];
      let fresh = parsed.rows;
      let revised: { row: ChartRow; id: number }[] = [];
      if (held.olderThanHeld) {
        // Netflix revises old rows and renames titles in later files: an older file's titles and
        // figures must not undo that. Its rows only fill weeks the newer data lacks.
        // Only the launch columns newer layouts dropped are filled in on the rows held.
        fresh = parsed.rows.filter((row) => !held.ids.has(rowKey(row.category, row.region, row.weekEnd, row.rank)));
        revised = parsed.rows.flatMap((row) => {
          const id = held.ids.get(rowKey(row.category, row.region, row.weekEnd, row.rank));
          return id === undefined ? [] : [{ row, id }];
        });
        warnings.push(
          `${options.file} ends on ${held.fileNewest}, before the newest week held (${held.newestHeld}): ` +
            (options.allowOlder
              ? "its figures overwrite the rows already held (titles and shows stay as the newer data has them)."
              : `it only added the ${fresh.length} rows the newer data lacks and launch details the newer layout drops; ` +
                "allow older files to let its figures overwrite."),
        );
      }

      const plan = planRows(fresh, await loadRoutes(tx));
      // What this import creates or fills carries IMPORT provenance (file and line), as the metadata imports' values do.
      const provenance: ProvenanceRow[] = [];
      const shows = await resolveShows(tx, plan, provenance);
      const seasons = await resolveSeasons(tx, plan, shows.ids, provenance);
      await recordImportProvenance(tx, options.file, provenance);
      if (parsed.format === "country") await upsertCountries(tx, parsed.rows);

      let created = 0;
      let updated = 0;
      for (let start = 0; start < fresh.length; start += BATCH) {
        const batch = fresh.slice(start, start + BATCH);
        const outcome = await upsertChartRows(tx, batch, plan, shows.ids, seasons.idOf);
        created += outcome.created;
        updated += outcome.updated;
        progress("rows", Math.min(start + BATCH, fresh.length), fresh.length);
      }
      for (let start = 0; start < revised.length; start += BATCH) {
        updated += await reviseHeldRows(tx, revised.slice(start, start + BATCH), options.allowOlder ?? false);
      }
      const showsRemoved = await removeEmptiedShows(tx, held.showIds);
      // National rows count in no season's statistics: only a global file changes them.
      if (parsed.format === "global") await refreshSeasonChartStats(tx, [...held.showIds, ...shows.ids.values()]);
      // A show or season this file created or removed (a national file's too) changes what the Most Popular titles match.
      await rematchMostPopular(tx);
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
        showsRemoved,
        olderThanHeld: held.olderThanHeld,
        warnings,
      };
      await recordAudit(tx, {
        actorId: options.actorId,
        action: "charts.imported",
        entityType: "ChartImport",
        entityId: 0,
        details: { ...summary, allowOlder: options.allowOlder ?? false },
      });
      return summary;
    },
    { timeout: 10 * 60_000, maxWait: 30_000 },
  );
  if (summary.created + summary.updated + summary.showsRemoved > 0) publicContentChanged();
  return summary;
}

/**
 * Finds each row's show by its key (see titles.ts), creating the missing ones with unique slugs.
 * A show made by hand, by the seed or from a national list has the list-less key (`tv:…`): a
 * global list adopts it the first time it meets the title, so no duplicate is made. National rows
 * join the global lists' show of that title (the English one if both lists have it).
 */
async function resolveShows(tx: Tx, plan: Plan, provenance: ProvenanceRow[]): Promise<{ ids: Map<string, number>; created: number }> {
  const titles = new Map<string, { title: string; family: KindFamily; limited: boolean; special: boolean; line: number }>();
  for (const row of plan.rows) {
    const key = plan.showKey.get(row)!;
    const known = titles.get(key);
    if (!known) {
      titles.set(key, { title: row.showTitle, family: familyOf(row), limited: isLimitedSeries(row.seasonTitle), special: plan.specials.has(key), line: row.line });
    } else if (!isLimitedSeries(row.seasonTitle)) known.limited = false;
  }
  const ids = new Map<string, number>();
  // Rows an editor's merge or split routed name their show already.
  for (const key of titles.keys()) {
    const routed = routedShowId(key);
    if (routed !== null) ids.set(key, routed);
  }
  const wantedKeys = [...titles.keys()].filter((key) => !ids.has(key));
  const listless = (key: string) => key.replace(/^(tv|film)-(en|other):/, "$1:").replace(/@\d{4}-\d{2}-\d{2}$/, "");
  const withList = (key: string) => ["en", "other"].map((list) => key.replace(/^(tv|film):/, `$1-${list}:`));
  const national = new Set(plan.rows.filter(isNational).map((row) => plan.showKey.get(row)!));
  const lookup = [...new Set(wantedKeys.flatMap((key) => (national.has(key) ? [key, ...withList(key)] : [key, listless(key)])))];
  const existing = await tx.show.findMany({ where: { matchKey: { in: lookup } }, select: { id: true, matchKey: true } });
  const byKey = new Map(existing.map((show) => [show.matchKey!, show.id]));

  const adopted = new Set<number>();
  const rekey: { id: number; key: string }[] = [];
  for (const key of wantedKeys.sort()) {
    const own = byKey.get(key);
    if (own !== undefined) ids.set(key, own);
    else if (national.has(key)) {
      const global = withList(key).map((candidate) => byKey.get(candidate)).find((id) => id !== undefined);
      if (global !== undefined) ids.set(key, global);
    } else {
      const legacy = key.includes("@") ? undefined : byKey.get(listless(key));
      if (legacy !== undefined && !adopted.has(legacy)) {
        adopted.add(legacy);
        ids.set(key, legacy);
        rekey.push({ id: legacy, key });
      }
    }
  }
  for (const { id, key } of rekey) await tx.show.update({ where: { id }, data: { matchKey: key } });
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
      const { title, family, limited, special } = titles.get(key)!;
      const kind = family === "film" ? "FILM" : special ? "SPECIAL" : limited ? "LIMITED_SERIES" : "SERIES";
      return {
        title,
        slug: slugs[position]!,
        matchKey: key,
        kind: kind as "FILM" | "SPECIAL" | "LIMITED_SERIES" | "SERIES",
        genres: [],
        // A new show has no facts yet: its status is what the one derivation gives its kind.
        status: undecidedStatus(kind as ShowKind),
      };
    }),
    select: { id: true, matchKey: true },
  });
  for (const show of created) {
    ids.set(show.matchKey!, show.id);
    for (const field of ["title", "kind"]) provenance.push({ entityType: "Show", entityId: show.id, field, line: titles.get(show.matchKey!)!.line });
  }
  return { ids, created: created.length };
}

/**
 * Each TV row's season: the number its title states; season 1 when a series' row has no season
 * title (Netflix lists many first seasons so: "Stranger Things", "KAOS"); a named season
 * ("Hide and Seek") is found by its name, or gets the next number after every season the show
 * has, in the order the names entered the Top 10. Specials and live events have no seasons.
 * A season's runtime, unknown until then, is filled from the newest row that states one.
 */
async function resolveSeasons(
  tx: Tx,
  plan: Plan,
  showIds: Map<string, number>,
  provenance: ProvenanceRow[],
): Promise<{ idOf: (row: ChartRow) => number | null; created: number }> {
  const candidates = plan.rows.filter((row) => familyOf(row) === "tv" && !plan.specials.has(plan.showKey.get(row)!));
  // A show an editor (or an earlier file) made a special or a film keeps no seasons either.
  const seasonless = await tx.show.findMany({
    where: { id: { in: [...new Set(candidates.map((row) => showIds.get(plan.showKey.get(row)!)!))] }, kind: { in: ["SPECIAL", "FILM"] } },
    select: { id: true },
  });
  const skip = new Set(seasonless.map((show) => show.id));
  const tvRows = candidates.filter((row) => !skip.has(showIds.get(plan.showKey.get(row)!)!));
  const involved = [...new Set(tvRows.map((row) => showIds.get(plan.showKey.get(row)!)!))];
  const existing = await tx.season.findMany({ where: { showId: { in: involved } }, select: { showId: true, number: true, title: true } });

  const numbers = new Map<number, Set<number>>();
  const named = new Map<string, number>();
  const note = (showId: number, number: number) => {
    const set = numbers.get(showId) ?? new Set<number>();
    set.add(number);
    numbers.set(showId, set);
  };
  for (const season of existing) {
    note(season.showId, season.number);
    if (season.title) named.set(`${season.showId}#${season.title.toLowerCase()}`, season.number);
  }
  const numberOf = new Map<ChartRow, number>();
  const wanted = new Map<string, { showId: number; number: number; title: string | null }>();
  const firstLine = new Map<string, number>();
  const pendingNames: { row: ChartRow; showId: number; name: string }[] = [];
  for (const row of tvRows) {
    const showId = showIds.get(plan.showKey.get(row)!)!;
    const ref = plan.season.get(row)!;
    if (ref.kind === "episode") continue;
    if (ref.kind === "named") {
      pendingNames.push({ row, showId, name: ref.name });
      continue;
    }
    const number = ref.kind === "numbered" ? ref.number : 1;
    numberOf.set(row, number);
    note(showId, number);
    if (!wanted.has(`${showId}#${number}`)) {
      wanted.set(`${showId}#${number}`, { showId, number, title: ref.kind === "numbered" ? ref.name : null });
      firstLine.set(`${showId}#${number}`, row.line);
    }
  }
  pendingNames.sort((a, b) => a.row.weekEnd.localeCompare(b.row.weekEnd));
  for (const { row, showId, name } of pendingNames) {
    const nameKey = `${showId}#${name.toLowerCase()}`;
    let number = named.get(nameKey);
    if (number === undefined) {
      number = Math.max(0, ...(numbers.get(showId) ?? [])) + 1;
      named.set(nameKey, number);
      note(showId, number);
      wanted.set(`${showId}#${number}`, { showId, number, title: name });
      firstLine.set(`${showId}#${number}`, row.line);
    }
    numberOf.set(row, number);
  }
  const before = existing.length;
  await tx.season.createMany({ data: [...wanted.values()], skipDuplicates: true });
  const seasons = await tx.season.findMany({ where: { showId: { in: involved } }, select: { id: true, showId: true, number: true, title: true } });
  const held = new Set(existing.map((season) => `${season.showId}#${season.number}`));
  for (const season of seasons) {
    const key = `${season.showId}#${season.number}`;
    if (held.has(key) || !firstLine.has(key)) continue;
    for (const field of season.title ? ["number", "title"] : ["number"]) provenance.push({ entityType: "Season", entityId: season.id, field, line: firstLine.get(key)! });
  }
  const ids = new Map(seasons.map((season) => [`${season.showId}#${season.number}`, season.id]));
  const idOf = (row: ChartRow) => {
    const number = numberOf.get(row);
    return number === undefined ? null : (ids.get(`${showIds.get(plan.showKey.get(row)!)!}#${number}`) ?? null);
  };
  const runtimes = new Map<number, { week: string; runtime: string; line: number }>();
  for (const row of tvRows) {
    const seasonId = idOf(row);
    if (seasonId === null || !row.runtimeHours || Number(row.runtimeHours) === 0) continue;
    const known = runtimes.get(seasonId);
    if (!known || row.weekEnd > known.week) runtimes.set(seasonId, { week: row.weekEnd, runtime: row.runtimeHours, line: row.line });
  }
  if (runtimes.size > 0) {
    // Only where unknown: a runtime an editor or the seed set stays.
    const filled = await tx.$queryRaw<{ id: number }[]>`
      UPDATE "Season" s SET "runtimeHours" = input.runtime, "updatedAt" = (now() AT TIME ZONE 'UTC')
      FROM unnest(${[...runtimes.keys()]}::int[], ${[...runtimes.values()].map((value) => value.runtime)}::numeric[]) AS input(id, runtime)
      WHERE s.id = input.id AND s."runtimeHours" IS NULL
      RETURNING s.id`;
    for (const { id } of filled) provenance.push({ entityType: "Season", entityId: id, field: "runtimeHours", line: runtimes.get(id)!.line });
  }
  return { idOf, created: seasons.length - before };
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
 * Runtime, views and the launch columns only exist in some of Netflix's layouts: a file without
 * them keeps what an earlier file said.
 */
async function upsertChartRows(
  tx: Tx,
  rows: ChartRow[],
  plan: Plan,
  showIds: Map<string, number>,
  seasonIdOf: (row: ChartRow) => number | null,
): Promise<{ created: number; updated: number }> {
  const column = <T>(pick: (row: ChartRow) => T) => rows.map(pick);
  const showIdOf = (row: ChartRow) => showIds.get(plan.showKey.get(row)!)!;
  const result = await tx.$queryRaw<{ inserted: boolean }[]>`
    INSERT INTO "ChartEntry" (category, region, "weekStart", "weekEnd", rank, "showId", "seasonId", "showTitle", "seasonTitle",
      "hoursViewed", "runtimeHours", views, "cumulativeWeeksInTop10", "isStaggeredLaunch", "episodeLaunchDetails", "updatedAt")
    SELECT c::"ChartCategory", r, ws, we, rk, sh, se, st, sst, h, rt, v, cw, stg, eld, (now() AT TIME ZONE 'UTC')
    FROM unnest(
      ${column((row) => row.category)}::text[], ${column((row) => row.region)}::text[],
      ${column((row) => row.weekStart)}::date[], ${column((row) => row.weekEnd)}::date[],
      ${column((row) => row.rank)}::int[], ${column(showIdOf)}::int[], ${column(seasonIdOf)}::int[],
      ${column((row) => row.showTitle)}::text[], ${column((row) => row.seasonTitle)}::text[],
      ${column((row) => row.hoursViewed)}::int[], ${column((row) => row.runtimeHours)}::numeric[],
      ${column((row) => row.views)}::int[],
      ${column((row) => row.cumulativeWeeks)}::int[], ${column((row) => row.isStaggeredLaunch)}::boolean[],
      ${column((row) => row.episodeLaunchDetails)}::text[]
    ) AS input(c, r, ws, we, rk, sh, se, st, sst, h, rt, v, cw, stg, eld)
    ON CONFLICT (category, region, "weekEnd", rank) DO UPDATE SET
      "showId" = EXCLUDED."showId", "seasonId" = EXCLUDED."seasonId", "showTitle" = EXCLUDED."showTitle",
      "seasonTitle" = EXCLUDED."seasonTitle", "hoursViewed" = EXCLUDED."hoursViewed",
      "runtimeHours" = COALESCE(EXCLUDED."runtimeHours", "ChartEntry"."runtimeHours"),
      views = COALESCE(EXCLUDED.views, "ChartEntry".views),
      "cumulativeWeeksInTop10" = EXCLUDED."cumulativeWeeksInTop10",
      "isStaggeredLaunch" = COALESCE(EXCLUDED."isStaggeredLaunch", "ChartEntry"."isStaggeredLaunch"),
      "episodeLaunchDetails" = COALESCE(EXCLUDED."episodeLaunchDetails", "ChartEntry"."episodeLaunchDetails"),
      "updatedAt" = (now() AT TIME ZONE 'UTC')
    WHERE ("ChartEntry"."showId", "ChartEntry"."seasonId", "ChartEntry"."showTitle", "ChartEntry"."seasonTitle",
           "ChartEntry"."hoursViewed", "ChartEntry"."cumulativeWeeksInTop10")
      IS DISTINCT FROM (EXCLUDED."showId", EXCLUDED."seasonId", EXCLUDED."showTitle", EXCLUDED."seasonTitle",
           EXCLUDED."hoursViewed", EXCLUDED."cumulativeWeeksInTop10")
       OR (EXCLUDED."runtimeHours" IS NOT NULL AND EXCLUDED."runtimeHours" IS DISTINCT FROM "ChartEntry"."runtimeHours")
       OR (EXCLUDED.views IS NOT NULL AND EXCLUDED.views IS DISTINCT FROM "ChartEntry".views)
       OR (EXCLUDED."isStaggeredLaunch" IS NOT NULL AND EXCLUDED."isStaggeredLaunch" IS DISTINCT FROM "ChartEntry"."isStaggeredLaunch")
       OR (EXCLUDED."episodeLaunchDetails" IS NOT NULL AND EXCLUDED."episodeLaunchDetails" IS DISTINCT FROM "ChartEntry"."episodeLaunchDetails")
    RETURNING (xmax = 0) AS inserted`;
  const created = result.filter((row) => row.inserted).length;
  return { created, updated: result.length - created };
}
