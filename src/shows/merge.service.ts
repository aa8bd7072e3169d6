import { recordAudit } from "../common/audit.js";
import { badUserInput, conflict, notFound, unauthenticated } from "../common/errors.js";
import { publicContentChanged } from "../common/public-content.js";
import { RequestService, serviceFor } from "../common/service.js";
import { lockAtVersion, savedBy } from "../common/versioning.js";
import { Prisma } from "../db/prisma.js";
import { enqueueWebhookEvent } from "../webhooks/outbox.js";
import { holdTop10Imports } from "../charts/import/lock.js";
import { listMatchKey } from "../charts/import/titles.js";
import type { Tx } from "./curation.service.js";
import type { MergeShowsInput } from "./merge.inputs.js";
import {
  asJson,
  provenanceRow,
  reviveCredit,
  reviveProvenance,
  reviveSeason,
  reviveShow,
  type FilledField,
  type MergeRecord,
  type ProvenanceRow,
} from "./merge-record.js";
import type { MergeCounts, MergeShowsResult, UnmergeShowsResult } from "./merge.types.js";
import { ShowService } from "./show.service.js";
import { refreshShowStatus } from "./status-facts.js";

/** Show fields a merge fills on the target when the target has none (the target's own values always win). */
const FILLABLE_SHOW_FIELDS = ["synopsis", "genres", "originalLanguage", "premiereDate"] as const;
const FILLABLE_SEASON_FIELDS = ["title", "episodeCount", "runtimeHours", "releaseDate"] as const;

const isEmpty = (value: unknown) => value === null || value === undefined || (Array.isArray(value) && value.length === 0);
const sameJson = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Merging duplicate shows and reversing a merge. A merge moves everything of the source to the target in one
 * transaction holding both rows' locks at the versions the editor named, records what it moved (ShowMerge), and
 * deletes the source; `unmerge` replays that record backwards. Chart imports keep landing on the target through
 * a ShowMatchRoute for the source's match key.
 */
export class ShowMergeService extends RequestService {
  private get actorId(): number {
    if (!this.context.viewer) throw unauthenticated("Sign in to merge shows.");
    return this.context.viewer.id;
  }

  private async transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    // Long: a show with years of national rows moves thousands of them (in a few bulk statements).
    const result = await this.prisma.$transaction(work, { timeout: 60_000, maxWait: 10_000 });
    publicContentChanged();
    return result;
  }

  async merge(input: MergeShowsInput): Promise<MergeShowsResult> {
    const actorId = this.actorId;
    const { sourceId, targetId } = input.ids();
    if (sourceId === targetId) throw badUserInput("A show cannot be merged into itself: name two different shows.", "input.targetId");
    const { mergeId, moved } = await this.transaction(async (tx) => {
      // Both locks, lower id first, so two merges of the same pair cannot deadlock.
      const locks = [
        { id: sourceId, version: input.sourceBaseVersion, fields: { id: "input.sourceId", baseVersion: "input.sourceBaseVersion" } },
        { id: targetId, version: input.targetBaseVersion, fields: { id: "input.targetId", baseVersion: "input.targetBaseVersion" } },
      ].sort((a, b) => a.id - b.id);
      await holdTop10Imports(tx);
      for (const lock of locks) await lockAtVersion(tx, "Show", lock.id, lock.version, lock.fields);
      return this.moveEverything(tx, sourceId, targetId, actorId);
    });
    const target = (await serviceFor(this.context, ShowService).findById(targetId))!;
    return { mergeId, target, moved };
  }

  private async moveEverything(tx: Tx, sourceId: number, targetId: number, actorId: number): Promise<{ mergeId: number; moved: MergeCounts }> {
    const source = await tx.show.findUniqueOrThrow({ where: { id: sourceId } });
    const target = await tx.show.findUniqueOrThrow({ where: { id: targetId } });
    const record: MergeRecord = {
      source: {
        row: asJson({ ...source, version: source.version + 1, updatedById: actorId }),
        slugAliases: (await tx.showSlugAlias.findMany({ where: { showId: sourceId }, select: { slug: true } })).map((alias) => alias.slug),
        provenance: (await tx.fieldProvenance.findMany({ where: { entityType: "Show", entityId: sourceId } })).map(provenanceRow),
      },
      seasonsMoved: [],
      seasonsMerged: [],
      chartEntries: await tx.chartEntry.findMany({ where: { showId: sourceId }, select: { id: true, seasonId: true }, orderBy: { id: "asc" } }),
      ratings: await tx.rating.findMany({ where: { showId: sourceId }, select: { id: true, seasonId: true }, orderBy: { id: "asc" } }),
      credits: { moved: [], dropped: [] },
      companies: { moved: [], dropped: [] },
      articles: { moved: [], dropped: [] },
      renewalArticles: [],
      statusFacts: [],
      routesRepointed: [],
      routeCreated: null,
      filled: [],
    };

    await this.mergeSeasons(tx, sourceId, targetId, record);
    await tx.chartEntry.updateMany({ where: { showId: sourceId }, data: { showId: targetId } });
    await tx.rating.updateMany({ where: { showId: sourceId }, data: { showId: targetId } });
    await this.moveCredits(tx, sourceId, targetId, record);
    await this.moveLinks(tx, sourceId, targetId, record);
    record.statusFacts = (await tx.statusChange.findMany({ where: { showId: sourceId }, select: { id: true } })).map((fact) => fact.id);
    await tx.statusChange.updateMany({ where: { showId: sourceId }, data: { showId: targetId } });

    // Every slug of the source keeps resolving, now to the target.
    await tx.showSlugAlias.updateMany({ where: { showId: sourceId }, data: { showId: targetId } });
    record.routesRepointed = (await tx.showMatchRoute.findMany({ where: { showId: sourceId }, select: { id: true } })).map((route) => route.id);
    await tx.showMatchRoute.updateMany({ where: { showId: sourceId }, data: { showId: targetId } });
    await this.fillShowFields(tx, source, target, record);

    // The source goes; its provenance rows name it loosely (no foreign key), so they go with it and live on in the record.
    await tx.fieldProvenance.deleteMany({ where: { entityType: "Show", entityId: sourceId } });
    await tx.show.delete({ where: { id: sourceId } });
    await tx.showSlugAlias.create({ data: { slug: source.slug, showId: targetId } });
    if (source.matchKey) {
      // The source's rows in later Top 10 files land on the target (titles.ts keys; routes.ts applies it).
      const route = await tx.showMatchRoute.upsert({
        where: { matchKey_seasonTitle: { matchKey: source.matchKey, seasonTitle: "" } },
        create: { matchKey: source.matchKey, seasonTitle: "", showId: targetId },
        update: { showId: targetId },
      });
      record.routeCreated = route.id;
    }

    const updated = await tx.show.update({ where: { id: targetId }, data: savedBy(actorId) });
    const status = await refreshShowStatus(tx, targetId);
    const merge = await tx.showMerge.create({ data: { sourceId, targetId, record: record as unknown as Prisma.InputJsonObject, mergedById: actorId } });
    const moved = countsOf(record);
    // Counts and ids of shows only: the record (editors' eyes only) says which articles, drafts included.
    const details = { mergeId: merge.id, sourceId, targetId, sourceSlug: source.slug, sourceTitle: source.title, version: updated.version, moved: { ...moved }, status: status.after.status };
    await recordAudit(tx, { actorId, action: "show.merged", entityType: "Show", entityId: targetId, details: details as unknown as Prisma.InputJsonObject });
    await recordAudit(tx, { actorId, action: "show.merged", entityType: "Show", entityId: sourceId, details: details as unknown as Prisma.InputJsonObject });
    await enqueueWebhookEvent(tx, "show.updated", {
      showId: targetId,
      slug: updated.slug,
      title: updated.title,
      version: updated.version,
      change: "show.merged",
      mergeId: merge.id,
      mergedShow: { showId: sourceId, slug: source.slug, title: source.title },
    });
    return { mergeId: merge.id, moved };
  }

  /** Same-numbered seasons fold into the target's (their chart rows and ratings follow); the others move whole. */
  private async mergeSeasons(tx: Tx, sourceId: number, targetId: number, record: MergeRecord): Promise<void> {
    const [sourceSeasons, targetSeasons] = await Promise.all([
      tx.season.findMany({ where: { showId: sourceId }, orderBy: { number: "asc" } }),
      tx.season.findMany({ where: { showId: targetId } }),
    ]);
    const targetByNumber = new Map(targetSeasons.map((season) => [season.number, season]));
    for (const season of sourceSeasons) {
      const into = targetByNumber.get(season.number);
      if (!into) {
        record.seasonsMoved.push(season.id);
        continue;
      }
      await tx.chartEntry.updateMany({ where: { seasonId: season.id }, data: { seasonId: into.id } });
      await tx.rating.updateMany({ where: { seasonId: season.id }, data: { seasonId: into.id } });
      const provenance = await tx.fieldProvenance.findMany({ where: { entityType: "Season", entityId: season.id } });
      const fill: Record<string, unknown> = {};
      for (const field of FILLABLE_SEASON_FIELDS) {
        if (!isEmpty(into[field]) || isEmpty(season[field])) continue;
        fill[field] = season[field];
        record.filled.push(await this.filledField(tx, "Season", into.id, field, season[field], null, provenance.find((row) => row.field === field)));
      }
      if (Object.keys(fill).length > 0) await tx.season.update({ where: { id: into.id }, data: fill });
      record.seasonsMerged.push({ row: asJson(season), into: into.id, provenance: provenance.map(provenanceRow) });
      await tx.fieldProvenance.deleteMany({ where: { entityType: "Season", entityId: season.id } });
      await tx.season.delete({ where: { id: season.id } });
    }
    if (record.seasonsMoved.length > 0) await tx.season.updateMany({ where: { id: { in: record.seasonsMoved } }, data: { showId: targetId } });
  }

  /** Credits move unless the target already credits the same person in the same role (and character). */
  private async moveCredits(tx: Tx, sourceId: number, targetId: number, record: MergeRecord): Promise<void> {
    const [mine, theirs] = await Promise.all([
      tx.credit.findMany({ where: { showId: sourceId }, orderBy: { id: "asc" } }),
      tx.credit.findMany({ where: { showId: targetId } }),
    ]);
    const key = (credit: { personId: number; role: string; characterName: string | null }) => `${credit.personId}|${credit.role}|${credit.characterName ?? ""}`;
    const held = new Set(theirs.map(key));
    for (const credit of mine) {
      if (held.has(key(credit))) record.credits.dropped.push(asJson(credit));
      else {
        held.add(key(credit));
        record.credits.moved.push(credit.id);
      }
    }
    const droppedIds = record.credits.dropped.map((credit) => credit.id as number);
    if (droppedIds.length > 0) await tx.credit.deleteMany({ where: { id: { in: droppedIds } } });
    if (record.credits.moved.length > 0) await tx.credit.updateMany({ where: { id: { in: record.credits.moved } }, data: { showId: targetId } });
  }

  /** Company links and article links: one per pair, so a link the target already has is dropped. */
  private async moveLinks(tx: Tx, sourceId: number, targetId: number, record: MergeRecord): Promise<void> {
    const split = (mine: number[], theirs: number[]) => {
      const held = new Set(theirs);
      return { moved: mine.filter((id) => !held.has(id)), dropped: mine.filter((id) => held.has(id)) };
    };
    const companiesOf = async (showId: number) => (await tx.showProductionCompany.findMany({ where: { showId }, select: { companyId: true } })).map((link) => link.companyId);
    record.companies = split(await companiesOf(sourceId), await companiesOf(targetId));
    await tx.showProductionCompany.deleteMany({ where: { showId: sourceId, companyId: { in: record.companies.dropped } } });
    await tx.showProductionCompany.updateMany({ where: { showId: sourceId }, data: { showId: targetId } });

    const articlesOf = async (showId: number) => (await tx.articleShow.findMany({ where: { showId }, select: { articleId: true } })).map((link) => link.articleId);
    record.articles = split(await articlesOf(sourceId), await articlesOf(targetId));
    await tx.articleShow.deleteMany({ where: { showId: sourceId, articleId: { in: record.articles.dropped } } });
    await tx.articleShow.updateMany({ where: { showId: sourceId }, data: { showId: targetId } });

    record.renewalArticles = (await tx.article.findMany({ where: { renewalShowId: sourceId }, select: { id: true } })).map((article) => article.id);
    await tx.article.updateMany({ where: { renewalShowId: sourceId }, data: { renewalShowId: targetId } });
  }

  /** The target's empty curated fields take the source's values, and with them the source's provenance. */
  private async fillShowFields(
    tx: Tx,
    source: Record<(typeof FILLABLE_SHOW_FIELDS)[number], unknown>,
    target: Record<(typeof FILLABLE_SHOW_FIELDS)[number], unknown> & { id: number },
    record: MergeRecord,
  ): Promise<void> {
    const fill: Record<string, unknown> = {};
    for (const field of FILLABLE_SHOW_FIELDS) {
      if (!isEmpty(target[field]) || isEmpty(source[field])) continue;
      fill[field] = source[field];
      const sourceProvenance = record.source.provenance.find((row) => row.field === field);
      record.filled.push(await this.filledField(tx, "Show", target.id, field, source[field], field === "genres" ? [] : null, sourceProvenance));
    }
    if (Object.keys(fill).length > 0) await tx.show.update({ where: { id: target.id }, data: fill });
  }

  /** Notes a filled field and gives it the provenance the value had on the source (none if it had none). */
  private async filledField(
    tx: Tx,
    entityType: "Show" | "Season",
    entityId: number,
    field: string,
    value: unknown,
    emptyValue: null | [],
    from: ProvenanceRow | { origin: string; userId: number | null; file: string | null; line: number | null; recordedAt: Date | string } | undefined,
  ): Promise<FilledField> {
    const where = { entityType_entityId_field: { entityType, entityId, field } };
    const before = await tx.fieldProvenance.findUnique({ where });
    if (before) await tx.fieldProvenance.delete({ where });
    if (from) {
      await tx.fieldProvenance.create({
        data: { entityType, entityId, field, origin: from.origin as ProvenanceRow["origin"], userId: from.userId, file: from.file, line: from.line, recordedAt: new Date(from.recordedAt) },
      });
    }
    return { entityType, entityId, field, value: JSON.parse(JSON.stringify(value)), emptyValue, provenanceBefore: before ? provenanceRow(before) : null };
  }

  /**
   * Reverses a merge from its record: the source comes back with its ids, and what came from it goes back to it.
   * Refused (CONFLICT, listing why) when something it moved has since been moved or removed, or when its slug or
   * match key has been taken: replaying the record then would not restore what was.
   */
  async unmerge(mergeId: number): Promise<UnmergeShowsResult> {
    const actorId = this.actorId;
    const { sourceId, targetId, keptFields } = await this.transaction(async (tx) => {
      await holdTop10Imports(tx);
      const merge = await tx.showMerge.findUnique({ where: { id: mergeId } });
      if (!merge) throw notFound(`No merge with id ${mergeId}.`, "mergeId");
      if (merge.reversedAt) throw conflict(`Merge ${mergeId} was already reversed at ${merge.reversedAt.toISOString()}.`, { field: "mergeId" });
      const locked = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM "Show" WHERE id = ${merge.targetId} FOR UPDATE`;
      if (locked.length === 0) throw conflict(`The show merged into (id ${merge.targetId}) has been deleted since; the merge cannot be reversed.`, { field: "mergeId" });
      const record = merge.record as unknown as MergeRecord;
      const arrived = await this.arrivedThroughSource(tx, merge.targetId, record);
      await this.assertReversible(tx, merge.sourceId, merge.targetId, record, mergeId, arrived);
      const kept = await this.moveBack(tx, merge.sourceId, merge.targetId, record, actorId);
      await this.moveArrivedBack(tx, merge.sourceId, arrived, record);
      await tx.showMerge.update({ where: { id: mergeId }, data: { reversedAt: new Date(), reversedById: actorId } });
      const target = await tx.show.update({ where: { id: merge.targetId }, data: savedBy(actorId) });
      const details = { mergeId, sourceId: merge.sourceId, targetId: merge.targetId, version: target.version, keptFields: kept };
      await recordAudit(tx, { actorId, action: "show.unmerged", entityType: "Show", entityId: merge.targetId, details });
      await recordAudit(tx, { actorId, action: "show.unmerged", entityType: "Show", entityId: merge.sourceId, details });
      const source = record.source.row as { slug: string; title: string };
      for (const [showId, slug, title] of [
        [merge.targetId, target.slug, target.title],
        [merge.sourceId, source.slug, source.title],
      ] as const) {
        await enqueueWebhookEvent(tx, "show.updated", { showId, slug, title, change: "show.unmerged", mergeId });
      }
      return { sourceId: merge.sourceId, targetId: merge.targetId, keptFields: kept };
    });
    const shows = serviceFor(this.context, ShowService);
    return { source: (await shows.findById(sourceId))!, target: (await shows.findById(targetId))!, keptFields };
  }

  /**
   * Chart rows that Top 10 imports sent to the target since the merge because they are the source's: its title's
   * key, or a season title of a route that pointed at the source. They came from it, so they go back with it.
   */
  private async arrivedThroughSource(tx: Tx, targetId: number, record: MergeRecord) {
    const sourceKey = (record.source.row as { matchKey: string | null }).matchKey;
    const routes = record.routesRepointed.length ? await tx.showMatchRoute.findMany({ where: { id: { in: record.routesRepointed } } }) : [];
    if (!sourceKey && routes.length === 0) return [];
    const moved = new Set(record.chartEntries.map((row) => row.id));
    const candidates = await tx.chartEntry.findMany({
      // Not by time (the rows' createdAt is the database's clock, the record's the server's): the target's own rows have its own key.
      where: { showId: targetId },
      select: { id: true, category: true, showTitle: true, seasonTitle: true, seasonId: true, season: { select: { number: true, title: true } } },
    });
    const routed = new Set(routes.map((route) => `${route.matchKey}\u0000${route.seasonTitle}`));
    return candidates.filter((row) => {
      if (moved.has(row.id)) return false;
      const key = listMatchKey(row.showTitle, row.category);
      return key === sourceKey || routed.has(`${key}\u0000`) || routed.has(`${key}\u0000${row.seasonTitle ?? ""}`);
    });
  }

  /** The arrived rows join the source: in a season that returned to it, or in its season of the same number (made if missing). */
  private async moveArrivedBack(tx: Tx, sourceId: number, arrived: Awaited<ReturnType<ShowMergeService["arrivedThroughSource"]>>, record: MergeRecord) {
    const returned = new Set(record.seasonsMoved);
    const bySeason = new Map<number | null, number[]>();
    for (const row of arrived) {
      let seasonId = row.seasonId;
      if (seasonId !== null && !returned.has(seasonId)) {
        const number = row.season!.number;
        const own = await tx.season.findUnique({ where: { showId_number: { showId: sourceId, number } }, select: { id: true } });
        seasonId = own?.id ?? (await tx.season.create({ data: { showId: sourceId, number, title: row.season!.title } })).id;
      }
      bySeason.set(seasonId, [...(bySeason.get(seasonId) ?? []), row.id]);
    }
    for (const [seasonId, ids] of bySeason) await tx.chartEntry.updateMany({ where: { id: { in: ids } }, data: { showId: sourceId, seasonId } });
  }

  private async assertReversible(tx: Tx, sourceId: number, targetId: number, record: MergeRecord, mergeId: number, arrived: { id: number }[]): Promise<void> {
    const source = record.source.row as { slug: string; matchKey: string | null };
    const problems: string[] = [];
    if (record.seasonsMoved.length > 0) {
      // The target's own rows and ratings added since to a season that came from the source would be left pointing at the source's season.
      const staying = { seasonId: { in: record.seasonsMoved }, id: { notIn: [...record.chartEntries.map((row) => row.id), ...arrived.map((row) => row.id)] } };
      const rows = await tx.chartEntry.count({ where: staying });
      const ratings = await tx.rating.count({ where: { seasonId: { in: record.seasonsMoved }, id: { notIn: record.ratings.map((row) => row.id) } } });
      if (rows + ratings > 0) problems.push(`${rows} chart rows and ${ratings} ratings of the show's own have been added since to seasons that came from the merged show`);
    }
    const stillOnTarget = async (what: string, ids: number[], count: (ids: number[]) => Promise<number>) => {
      if (ids.length === 0) return;
      const found = await count(ids);
      if (found !== ids.length) problems.push(`${ids.length - found} of the ${ids.length} ${what} it moved are no longer on the show`);
    };
    await stillOnTarget("chart rows", record.chartEntries.map((row) => row.id), (ids) => tx.chartEntry.count({ where: { id: { in: ids }, showId: targetId } }));
    await stillOnTarget("seasons", record.seasonsMoved, (ids) => tx.season.count({ where: { id: { in: ids }, showId: targetId } }));
    await stillOnTarget("ratings", record.ratings.map((row) => row.id), (ids) => tx.rating.count({ where: { id: { in: ids }, showId: targetId } }));
    await stillOnTarget("credits", record.credits.moved, (ids) => tx.credit.count({ where: { id: { in: ids }, showId: targetId } }));
    await stillOnTarget("status facts", record.statusFacts, (ids) => tx.statusChange.count({ where: { id: { in: ids }, showId: targetId } }));
    const restoredNumbers = record.seasonsMerged.map((season) => season.row.number as number);
    if (await tx.season.count({ where: { id: { in: record.seasonsMoved } , number: { in: restoredNumbers } } })) {
      problems.push("a season moved by the merge now has the number of a season the merge folded in");
    }
    const slugHolder = await tx.show.findFirst({ where: { slug: source.slug }, select: { id: true } });
    const aliasHolder = await tx.showSlugAlias.findUnique({ where: { slug: source.slug }, select: { showId: true } });
    if (slugHolder || (aliasHolder && aliasHolder.showId !== targetId)) problems.push(`the slug "${source.slug}" is now used by another show`);
    if (source.matchKey && (await tx.show.findUnique({ where: { matchKey: source.matchKey }, select: { id: true } }))) {
      problems.push(`another show now has the match key "${source.matchKey}"`);
    }
    if (await tx.show.findUnique({ where: { id: sourceId }, select: { id: true } })) problems.push(`a show with id ${sourceId} exists`);
    if (problems.length > 0) {
      throw conflict(`Merge ${mergeId} cannot be reversed exactly: ${problems.join("; ")}. Split or edit the show by hand instead.`, { field: "mergeId", problems });
    }
  }

  /** Replays the record backwards; returns the filled fields an editor has changed since (they keep the new value). */
  private async moveBack(tx: Tx, sourceId: number, targetId: number, record: MergeRecord, actorId: number): Promise<string[]> {
    const sourceRow = reviveShow(record.source.row);
    await tx.show.create({ data: { ...sourceRow, version: (sourceRow.version ?? 1) + 1, updatedById: actorId, updatedAt: new Date() } });
    if (record.source.provenance.length > 0) await tx.fieldProvenance.createMany({ data: record.source.provenance.map(reviveProvenance) });
    await tx.showSlugAlias.deleteMany({ where: { slug: sourceRow.slug, showId: targetId } });
    if (record.source.slugAliases.length > 0) await tx.showSlugAlias.updateMany({ where: { slug: { in: record.source.slugAliases } }, data: { showId: sourceId } });

    for (const { row, provenance } of record.seasonsMerged) {
      await tx.season.create({ data: { ...reviveSeason(row), showId: sourceId } });
      if (provenance.length > 0) await tx.fieldProvenance.createMany({ data: provenance.map(reviveProvenance) });
    }
    if (record.seasonsMoved.length > 0) await tx.season.updateMany({ where: { id: { in: record.seasonsMoved } }, data: { showId: sourceId } });
    // Rows and ratings go back to the seasons they had, one statement per season.
    for (const [table, rows] of [
      ["chartEntry", record.chartEntries],
      ["rating", record.ratings],
    ] as const) {
      const bySeason = new Map<number | null, number[]>();
      for (const row of rows) bySeason.set(row.seasonId, [...(bySeason.get(row.seasonId) ?? []), row.id]);
      for (const [seasonId, ids] of bySeason) {
        const data = { showId: sourceId, seasonId };
        if (table === "chartEntry") await tx.chartEntry.updateMany({ where: { id: { in: ids } }, data });
        else await tx.rating.updateMany({ where: { id: { in: ids } }, data });
      }
    }
    if (record.credits.moved.length > 0) await tx.credit.updateMany({ where: { id: { in: record.credits.moved } }, data: { showId: sourceId } });
    if (record.credits.dropped.length > 0) await tx.credit.createMany({ data: record.credits.dropped.map(reviveCredit) });
    await tx.showProductionCompany.deleteMany({ where: { showId: targetId, companyId: { in: record.companies.moved } } });
    await tx.showProductionCompany.createMany({ data: [...record.companies.moved, ...record.companies.dropped].map((companyId) => ({ showId: sourceId, companyId })), skipDuplicates: true });
    await tx.articleShow.deleteMany({ where: { showId: targetId, articleId: { in: record.articles.moved } } });
    await tx.articleShow.createMany({ data: [...record.articles.moved, ...record.articles.dropped].map((articleId) => ({ showId: sourceId, articleId })), skipDuplicates: true });
    if (record.renewalArticles.length > 0) {
      await tx.article.updateMany({ where: { id: { in: record.renewalArticles }, renewalShowId: targetId }, data: { renewalShowId: sourceId } });
    }
    if (record.statusFacts.length > 0) await tx.statusChange.updateMany({ where: { id: { in: record.statusFacts } }, data: { showId: sourceId } });
    if (record.routeCreated !== null) await tx.showMatchRoute.deleteMany({ where: { id: record.routeCreated } });
    if (record.routesRepointed.length > 0) await tx.showMatchRoute.updateMany({ where: { id: { in: record.routesRepointed } }, data: { showId: sourceId } });

    const kept: string[] = [];
    for (const filled of record.filled) {
      const current = filled.entityType === "Show"
        ? await tx.show.findUnique({ where: { id: filled.entityId } })
        : await tx.season.findUnique({ where: { id: filled.entityId } });
      const value = current ? (current as Record<string, unknown>)[filled.field] : undefined;
      if (!current || !sameJson(JSON.parse(JSON.stringify(value ?? null)), filled.value)) {
        kept.push(`${filled.entityType}.${filled.field}`);
        continue;
      }
      const data = { [filled.field]: filled.emptyValue };
      if (filled.entityType === "Show") await tx.show.update({ where: { id: filled.entityId }, data });
      else await tx.season.update({ where: { id: filled.entityId }, data });
      await tx.fieldProvenance.deleteMany({ where: { entityType: filled.entityType, entityId: filled.entityId, field: filled.field } });
      if (filled.provenanceBefore) await tx.fieldProvenance.create({ data: reviveProvenance(filled.provenanceBefore) });
    }
    await refreshShowStatus(tx, sourceId);
    await refreshShowStatus(tx, targetId);
    return kept;
  }
}

export function countsOf(record: MergeRecord): MergeCounts {
  return {
    seasonsMoved: record.seasonsMoved.length,
    seasonsMerged: record.seasonsMerged.length,
    chartEntries: record.chartEntries.length,
    credits: record.credits.moved.length,
    productionCompanies: record.companies.moved.length,
    ratings: record.ratings.length,
    articles: record.articles.moved.length + record.renewalArticles.length,
    statusFacts: record.statusFacts.length,
    slugAliases: record.source.slugAliases.length + 1,
    filledFields: record.filled.map((filled) => `${filled.entityType}.${filled.field}`),
  };
}
