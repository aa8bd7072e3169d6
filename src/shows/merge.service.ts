import { recordAudit } from "../common/audit.js";
import { globalId } from "../common/node.js";
import { MERGE_TYPE } from "./merge.inputs.js";
import { badUserInput, unauthenticated } from "../common/errors.js";
import { publicContentChanged } from "../common/public-content.js";
import { RequestService, serviceFor } from "../common/service.js";
import { lockAtVersion, savedBy } from "../common/versioning.js";
import { Prisma } from "../db/prisma.js";
import { enqueueWebhookEvent } from "../webhooks/outbox.js";
import { holdImports } from "../charts/import/lock.js";
import { refreshSeasonChartStats } from "../charts/season-stats.js";
import { rematchMostPopular } from "../charts/import/most-popular.js";
import type { Tx } from "./curation.service.js";
import type { MergeShowsInput } from "./merge.inputs.js";
import {
  asJson,
  provenanceRow,
  type FilledField,
  type MergeRecord,
  type ProvenanceRow,
} from "./merge-record.js";
import type { MergeCounts, MergeShowsPayload } from "./merge.types.js";
import { ShowService } from "./show.service.js";
import { refreshShowStatus } from "./status-facts.js";

/** Show fields a merge fills on the target when the target has none (the target's own values always win). */
const FILLABLE_SHOW_FIELDS = ["synopsis", "genres", "originalLanguage", "premiereDate"] as const;
const FILLABLE_SEASON_FIELDS = ["title", "episodeCount", "runtimeHours", "releaseDate"] as const;

const isEmpty = (value: unknown) => value === null || value === undefined || (Array.isArray(value) && value.length === 0);

/**
 * Merging duplicate shows and reversing a merge. A merge moves everything of the source to the target in one
 * transaction holding both rows' locks at the versions the editor named, records what it moved (ShowMerge), and
 * deletes the source; ShowUnmergeService (unmerge.service.ts) replays that record backwards. Chart imports keep landing on the target through
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

  async merge(input: MergeShowsInput): Promise<MergeShowsPayload> {
    const actorId = this.actorId;
    const { sourceId, targetId } = input.ids();
    if (sourceId === targetId) throw badUserInput("A show cannot be merged into itself: name two different shows.", "input.targetId");
    const { mergeId, moved } = await this.transaction(async (tx) => {
      // Both locks, lower id first, so two merges of the same pair cannot deadlock.
      const locks = [
        { id: sourceId, version: input.sourceBaseVersion, fields: { id: "input.sourceId", baseVersion: "input.sourceBaseVersion" } },
        { id: targetId, version: input.targetBaseVersion, fields: { id: "input.targetId", baseVersion: "input.targetBaseVersion" } },
      ].sort((a, b) => a.id - b.id);
      await holdImports(tx);
      for (const lock of locks) await lockAtVersion(tx, "Show", lock.id, lock.version, lock.fields);
      return this.moveEverything(tx, sourceId, targetId, actorId);
    });
    const target = (await serviceFor(this.context, ShowService).findById(targetId))!;
    return { mergeId, target, moved };
  }

  private async moveEverything(tx: Tx, sourceId: number, targetId: number, actorId: number): Promise<{ mergeId: string; moved: MergeCounts }> {
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
      externalIds: { moved: [], dropped: [] },
      articles: { moved: [], dropped: [] },
      renewalArticles: [],
      revisions: [],
      statusFacts: [],
      routesRepointed: [],
      routeCreated: null,
      filled: [],
    };

    await this.mergeSeasons(tx, sourceId, targetId, record);
    await tx.chartEntry.updateMany({ where: { showId: sourceId }, data: { showId: targetId } });
    await refreshSeasonChartStats(tx, [sourceId, targetId]);
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
    const existingRoute = source.matchKey
      ? await tx.showMatchRoute.findUnique({ where: { matchKey_seasonTitle: { matchKey: source.matchKey, seasonTitle: "" } }, select: { id: true } })
      : null;
    // The source's rows in later Top 10 files land on the target (titles.ts keys; routes.ts applies it). A route
    // for the key already there is an earlier editor's decision: it stays (and is not this merge's to remove).
    if (source.matchKey && !existingRoute) {
      const route = await tx.showMatchRoute.create({ data: { matchKey: source.matchKey, seasonTitle: "", showId: targetId } });
      record.routeCreated = route.id;
    }

    // The source is gone and its key routed to the target: the Most Popular entries follow (see rematchMostPopular).
    await rematchMostPopular(tx);
    const updated = await tx.show.update({ where: { id: targetId }, data: savedBy(actorId) });
    const status = await refreshShowStatus(tx, targetId);
    const merge = await tx.showMerge.create({ data: { sourceId, targetId, record: record as unknown as Prisma.InputJsonObject, mergedById: actorId } });
    const moved = countsOf(record);
    // Counts and ids of shows only: the record (editors' eyes only) says which articles, drafts included.
    const details = { mergeId: globalId(MERGE_TYPE, merge.id), sourceId: globalId("Show", sourceId), targetId: globalId("Show", targetId), sourceSlug: source.slug, sourceTitle: source.title, version: updated.version, moved: { ...moved }, status: status.after.status };
    await recordAudit(tx, { actorId, action: "show.merged", entityType: "Show", entityId: targetId, details: details as unknown as Prisma.InputJsonObject });
    await recordAudit(tx, { actorId, action: "show.merged", entityType: "Show", entityId: sourceId, details: details as unknown as Prisma.InputJsonObject });
    await enqueueWebhookEvent(tx, "show.updated", {
      showId: globalId("Show", targetId),
      showRowId: targetId,
      slug: updated.slug,
      title: updated.title,
      version: updated.version,
      change: "show.merged",
      mergeId: globalId(MERGE_TYPE, merge.id),
      mergedShow: { showId: globalId("Show", sourceId), showRowId: sourceId, slug: source.slug, title: source.title },
    });
    return { mergeId: globalId(MERGE_TYPE, merge.id), moved };
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
      (record.claimsRepointed ??= []).push({ from: season.id, into: into.id, ...(await repointQuotedSeason(tx, season.id, into.id)) });
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

    const catalogueIds = (showId: number) => tx.showExternalId.findMany({ where: { showId }, select: { source: true, externalId: true } });
    const targetCatalogues = new Set((await catalogueIds(targetId)).map((row) => row.source));
    const sourceIds = await catalogueIds(sourceId);
    record.externalIds = {
      moved: sourceIds.filter((row) => !targetCatalogues.has(row.source)),
      dropped: sourceIds.filter((row) => targetCatalogues.has(row.source)),
    };
    await tx.showExternalId.updateMany({ where: { showId: sourceId, source: { notIn: [...targetCatalogues] } }, data: { showId: targetId } });
    await tx.showExternalId.deleteMany({ where: { showId: sourceId } });

    const articlesOf = async (showId: number) => (await tx.articleShow.findMany({ where: { showId }, select: { articleId: true } })).map((link) => link.articleId);
    record.articles = split(await articlesOf(sourceId), await articlesOf(targetId));
    await tx.articleShow.deleteMany({ where: { showId: sourceId, articleId: { in: record.articles.dropped } } });
    await tx.articleShow.updateMany({ where: { showId: sourceId }, data: { showId: targetId } });

    record.renewalArticles = (await tx.article.findMany({ where: { renewalShowId: sourceId }, select: { id: true } })).map((article) => article.id);
    await tx.article.updateMany({ where: { renewalShowId: sourceId }, data: { renewalShowId: targetId } });

    // An article's next save, publish or restore writes its show links from a revision: revisions naming the
    // source would link the removed show again. They name the target now (the same show, merged); the record
    // keeps them as they were for unmerge.
    record.revisions = await tx.$queryRaw<MergeRecord["revisions"]>`
      SELECT id, "articleId", "showIds", "renewalShowId" FROM "ArticleRevision"
      WHERE ${sourceId}::int = ANY("showIds") OR "renewalShowId" = ${sourceId}::int ORDER BY id`;
    if (record.revisions.length > 0) {
      await tx.$executeRaw`
        UPDATE "ArticleRevision" SET
          "showIds" = ARRAY(SELECT DISTINCT unnest(array_replace("showIds", ${sourceId}::int, ${targetId}::int)) ORDER BY 1),
          "renewalShowId" = CASE WHEN "renewalShowId" = ${sourceId}::int THEN ${targetId}::int ELSE "renewalShowId" END
        WHERE id = ANY(${record.revisions.map((revision) => revision.id)}::int[])`;
    }
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

/**
 * Articles (and their revisions) quote chart figures by season (articles/claims.ts): where they quote a
 * season a merge folds into another, they quote the same rows there now, or the publish check would call
 * them gone. One statement per table; returns which rows changed, for unmerge.
 */
export async function repointQuotedSeason(
  tx: Tx,
  from: number,
  into: number,
  /** Only these rows (unmerge giving back what a merge changed); every row quoting `from` otherwise. */
  only?: { articles: number[]; revisions: number[] },
): Promise<{ articles: number[]; revisions: number[] }> {
  const quoting = (table: "Article" | "ArticleRevision", ids: number[] | undefined) => tx.$queryRawUnsafe<{ id: number }[]>(
    `UPDATE "${table}" SET claims = jsonb_set(claims, '{figures}', (
       SELECT jsonb_agg(CASE WHEN (figure->>'seasonId')::int = $1 THEN jsonb_set(figure, '{seasonId}', to_jsonb($2::int)) ELSE figure END ORDER BY position)
       FROM jsonb_array_elements(claims->'figures') WITH ORDINALITY AS quoted(figure, position)))
     WHERE jsonb_typeof(claims->'figures') = 'array' AND claims->'figures' @> jsonb_build_array(jsonb_build_object('seasonId', $1::int))
       AND ($3::int[] IS NULL OR id = ANY($3::int[]))
     RETURNING id`,
    from,
    into,
    ids ?? null,
  );
  const articles = (await quoting("Article", only?.articles)).map((row) => row.id);
  const revisions = (await quoting("ArticleRevision", only?.revisions)).map((row) => row.id);
  return { articles, revisions };
}
