import { holdImports } from "../charts/import/lock.js";
import { refreshSeasonChartStats } from "../charts/season-stats.js";
import { rematchMostPopular } from "../charts/import/most-popular.js";
import { globalId } from "../common/node.js";
import { MERGE_TYPE } from "./merge.inputs.js";
import { listMatchKey } from "../charts/import/titles.js";
import { recordAudit } from "../common/audit.js";
import { conflict, notFound, unauthenticated } from "../common/errors.js";
import { publicContentChanged } from "../common/public-content.js";
import { RequestService, serviceFor } from "../common/service.js";
import { savedBy } from "../common/versioning.js";
import { enqueueWebhookEvent } from "../webhooks/outbox.js";
import type { Tx } from "./curation.service.js";
import { repointQuotedSeason } from "./merge.service.js";
import { reviveCredit, reviveProvenance, reviveSeason, reviveShow, type MergeRecord } from "./merge-record.js";
import type { UnmergeShowsPayload } from "./merge.types.js";
import { ShowService } from "./show.service.js";
import { refreshShowStatus } from "./status-facts.js";

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Reversing a merge (see ShowMergeService): the merge's record replayed backwards, in one transaction. */
export class ShowUnmergeService extends RequestService {
  private get actorId(): number {
    if (!this.context.viewer) throw unauthenticated("Sign in to reverse merges.");
    return this.context.viewer.id;
  }

  private async transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const result = await this.prisma.$transaction(work, { timeout: 60_000, maxWait: 10_000 });
    publicContentChanged();
    return result;
  }

  /**
   * Reverses a merge from its record: the source comes back with its ids, and what came from it goes back to it.
   * Refused (CONFLICT, listing why) when something it moved has since been moved or removed, or when its slug or
   * match key has been taken: replaying the record then would not restore what was.
   */
  async unmerge(mergeId: number): Promise<UnmergeShowsPayload> {
    const actorId = this.actorId;
    const { sourceId, targetId, keptFields } = await this.transaction(async (tx) => {
      await holdImports(tx);
      const merge = await tx.showMerge.findUnique({ where: { id: mergeId } });
      if (!merge) throw notFound(`No merge with id ${globalId(MERGE_TYPE, mergeId)}.`, "mergeId");
      if (merge.reversedAt) throw conflict(`Merge ${globalId(MERGE_TYPE, mergeId)} was already reversed at ${merge.reversedAt.toISOString()}.`, { field: "mergeId" });
      const locked = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM "Show" WHERE id = ${merge.targetId} FOR UPDATE`;
      if (locked.length === 0) throw conflict(`The show merged into (id ${merge.targetId}) has been deleted since; the merge cannot be reversed.`, { field: "mergeId" });
      const record = merge.record as unknown as MergeRecord;
      const arrived = await this.arrivedThroughSource(tx, merge.targetId, record);
      await this.assertReversible(tx, merge.sourceId, merge.targetId, record, mergeId, arrived);
      const kept = await this.moveBack(tx, merge.sourceId, merge.targetId, record, actorId);
      await this.moveArrivedBack(tx, merge.sourceId, arrived, record);
      await refreshSeasonChartStats(tx, [merge.sourceId, merge.targetId]);
      // The source is back with its key: its Most Popular entries go back to it.
      await rematchMostPopular(tx);
      await tx.showMerge.update({ where: { id: mergeId }, data: { reversedAt: new Date(), reversedById: actorId } });
      const target = await tx.show.update({ where: { id: merge.targetId }, data: savedBy(actorId) });
      const details = { mergeId: globalId(MERGE_TYPE, mergeId), sourceId: globalId("Show", merge.sourceId), targetId: globalId("Show", merge.targetId), version: target.version, keptFields: kept };
      await recordAudit(tx, { actorId, action: "show.unmerged", entityType: "Show", entityId: merge.targetId, details });
      await recordAudit(tx, { actorId, action: "show.unmerged", entityType: "Show", entityId: merge.sourceId, details });
      const source = record.source.row as { slug: string; title: string };
      for (const [showId, slug, title] of [
        [merge.targetId, target.slug, target.title],
        [merge.sourceId, source.slug, source.title],
      ] as const) {
        await enqueueWebhookEvent(tx, "show.updated", { showId: globalId("Show", showId), showRowId: showId, slug, title, change: "show.unmerged", mergeId: globalId(MERGE_TYPE, mergeId) });
      }
      return { sourceId: merge.sourceId, targetId: merge.targetId, keptFields: kept };
    });
    const shows = serviceFor(this.context, ShowService);
    return { source: (await shows.findById(sourceId))!, target: (await shows.findById(targetId))!, keptFields };
  }

  /**
   * Revisions the merge rewrote get their own show ids back; revisions saved since, of the articles that came from
   * the source, name the source again where they name the target for it (so the article's next save links it).
   */
  private async restoreRevisions(tx: Tx, sourceId: number, targetId: number, record: MergeRecord): Promise<void> {
    for (const revision of record.revisions) {
      await tx.articleRevision.update({ where: { id: revision.id }, data: { showIds: revision.showIds, renewalShowId: revision.renewalShowId } });
    }
    const rewritten = record.revisions.map((revision) => revision.id);
    if (record.articles.moved.length > 0) {
      await tx.$executeRaw`UPDATE "ArticleRevision"
        SET "showIds" = ARRAY(SELECT DISTINCT unnest(array_replace("showIds", ${targetId}::int, ${sourceId}::int)) ORDER BY 1)
        WHERE "articleId" = ANY(${record.articles.moved}::int[]) AND NOT (id = ANY(${rewritten}::int[])) AND ${targetId}::int = ANY("showIds")`;
    }
    if (record.articles.dropped.length > 0) {
      await tx.$executeRaw`UPDATE "ArticleRevision"
        SET "showIds" = ARRAY(SELECT DISTINCT unnest(array_append("showIds", ${sourceId}::int)) ORDER BY 1)
        WHERE "articleId" = ANY(${record.articles.dropped}::int[]) AND NOT (id = ANY(${rewritten}::int[])) AND NOT (${sourceId}::int = ANY("showIds"))`;
    }
    if (record.renewalArticles.length > 0) {
      await tx.$executeRaw`UPDATE "ArticleRevision" SET "renewalShowId" = ${sourceId}::int
        WHERE "articleId" = ANY(${record.renewalArticles}::int[]) AND NOT (id = ANY(${rewritten}::int[])) AND "renewalShowId" = ${targetId}::int`;
    }
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
  private async moveArrivedBack(tx: Tx, sourceId: number, arrived: Awaited<ReturnType<ShowUnmergeService["arrivedThroughSource"]>>, record: MergeRecord) {
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
      throw conflict(`Merge ${globalId(MERGE_TYPE, mergeId)} cannot be reversed exactly: ${problems.join("; ")}. Split or edit the show by hand instead.`, { field: "mergeId", problems });
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
    // Quoted figures go back to the folded season (restored above with its id) in the rows the merge changed.
    for (const { from, into, articles, revisions } of record.claimsRepointed ?? []) {
      await repointQuotedSeason(tx, into, from, { articles, revisions });
    }
    const externalIds = record.externalIds ?? { moved: [], dropped: [] };
    for (const { source, externalId } of externalIds.moved) {
      await tx.showExternalId.updateMany({ where: { source, externalId, showId: targetId }, data: { showId: sourceId } });
    }
    await tx.showExternalId.createMany({ data: externalIds.dropped.map((row) => ({ ...row, showId: sourceId })), skipDuplicates: true });
    await tx.articleShow.deleteMany({ where: { showId: targetId, articleId: { in: record.articles.moved } } });
    await tx.articleShow.createMany({ data: [...record.articles.moved, ...record.articles.dropped].map((articleId) => ({ showId: sourceId, articleId })), skipDuplicates: true });
    if (record.renewalArticles.length > 0) {
      await tx.article.updateMany({ where: { id: { in: record.renewalArticles }, renewalShowId: targetId }, data: { renewalShowId: sourceId } });
    }
    await this.restoreRevisions(tx, sourceId, targetId, record);
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
