import { globalId } from "../common/node.js";
import { recordAudit } from "../common/audit.js";
import { badUserInput, conflict, notFound } from "../common/errors.js";
import type { Prisma } from "../db/prisma.js";
import type { RenewalStatus } from "../db/generated/enums.js";
import { enqueueWebhookEvent } from "../webhooks/outbox.js";
import { refreshShowStatus, standingFor } from "./status-facts.js";

/**
 * Every write to the status record, one verb each, all inside the caller's transaction: a fact is
 * recorded, linked to a further source, retracted or restored, and the show's derived status, the audit
 * log and the `show.status_changed` outbox event follow in the same transaction.
 */
export type Tx = Prisma.TransactionClient;

type FactEvent = "RECORDED" | "RETRACTED" | "RESTORED";

export interface FactsChanged {
  showId: number;
  factId: number;
  actorId: number | null;
  /** The article whose publish, unpublish or archive changed the facts, if one did (it is being rewritten itself). */
  byArticleId: number | null;
}

type FactsChangedHandler = (tx: Tx, change: FactsChanged) => Promise<void>;
const factsChangedHandlers: FactsChangedHandler[] = [];

/**
 * Runs `handler` in the transaction of every change to a show's facts, after its status is derived again.
 * Other domains register here (articles flags the stories a change contradicts), so shows/ never depends on them.
 */
export function onStatusFactsChanged(handler: FactsChangedHandler): void {
  factsChangedHandlers.push(handler);
}

export interface ArticleVerdict {
  articleId: number;
  articleTitle: string;
  showId: number;
  seasonNumber: number | null;
  status: RenewalStatus;
  announcedAt: Date | null;
  sourceUrl: string | null;
}

const day = (date: Date | null) => date?.toISOString().slice(0, 10) ?? null;

/** Audits the fact's event and announces it; audits the show's status change when the derived status moved. */
async function factChanged(
  tx: Tx,
  factId: number,
  change: { event: FactEvent; actorId: number | null; byArticleId: number | null; details?: Record<string, unknown> },
) {
  const { event, actorId, byArticleId, details = {} } = change;
  const fact = await tx.statusChange.findUniqueOrThrow({ where: { id: factId }, include: { show: { select: { slug: true, title: true } } } });
  const { before, after, changed } = await refreshShowStatus(tx, fact.showId);
  const factDetails = {
    factId,
    status: fact.status,
    seasonNumber: fact.seasonNumber,
    announcedAt: day(fact.announcedAt),
    ...details,
  };
  await recordAudit(tx, { actorId, action: `status_fact.${event.toLowerCase()}`, entityType: "Show", entityId: fact.showId, details: factDetails });
  if (changed) {
    await recordAudit(tx, {
      actorId,
      action: "show.status_changed",
      entityType: "Show",
      entityId: fact.showId,
      details: { from: before.status, to: after.status, statusAnnouncedAt: day(after.announcedAt), factId: globalId("StatusChange", factId) },
    });
  }
  await enqueueWebhookEvent(tx, "show.status_changed", {
    showId: globalId("Show", fact.showId),
    showRowId: fact.showId,
    slug: fact.show.slug,
    title: fact.show.title,
    event,
    fact: { id: globalId("StatusChange", factId), rowId: factId, status: fact.status, seasonNumber: fact.seasonNumber, announcedAt: day(fact.announcedAt), sourceUrl: fact.sourceUrl },
    previousStatus: before.status,
    status: after.status,
    statusAnnouncedAt: day(after.announcedAt),
  });
  for (const handler of factsChangedHandlers) await handler(tx, { showId: fact.showId, factId, actorId, byArticleId });
}

/** Whether the fact stands on a source other than `articleId`: its own URL, the seed, or another published article. */
async function hasOtherSource(tx: Tx, factId: number, articleId: number): Promise<boolean> {
  const fact = await tx.statusChange.findUniqueOrThrow({
    where: { id: factId },
    select: { sourceUrl: true, origin: true, sources: { where: { articleId: { not: articleId }, article: { status: "PUBLISHED" } }, select: { articleId: true } } },
  });
  return fact.sourceUrl !== null || fact.origin !== "ARTICLE" || fact.sources.length > 0;
}

async function retract(
  tx: Tx,
  factId: number,
  retraction: { actorId: number | null; reason: string; withArticleId: number | null; byArticleId: number | null },
): Promise<void> {
  await tx.statusChange.update({
    where: { id: factId },
    data: { retractedAt: new Date(), retractedById: retraction.actorId, retractionReason: retraction.reason, retractedWithArticleId: retraction.withArticleId },
  });
  await factChanged(tx, factId, {
    event: "RETRACTED",
    actorId: retraction.actorId,
    byArticleId: retraction.byArticleId,
    details: { reason: retraction.reason, automatic: retraction.byArticleId !== null },
  });
}

/**
 * The article no longer vouches for what it reported (unpublished, archived, or republished with another
 * verdict): each standing fact it sourced whose only public source it was is retracted, to be restored if it is
 * published again saying the same. `unlessReporting` keeps the facts that the article's new verdict still reports.
 */
export async function withdrawArticleSource(
  tx: Tx,
  article: { id: number; title: string },
  options: { actorId: number | null; why: string; unlessReporting?: ArticleVerdict },
): Promise<void> {
  const links = await tx.statusChangeSource.findMany({
    where: { articleId: article.id, statusChange: { retractedAt: null } },
    select: { statusChange: { select: { id: true, showId: true, seasonNumber: true, status: true } } },
  });
  for (const { statusChange: fact } of links) {
    const stillReported =
      options.unlessReporting &&
      fact.showId === options.unlessReporting.showId &&
      fact.seasonNumber === options.unlessReporting.seasonNumber &&
      fact.status === options.unlessReporting.status;
    if (stillReported) continue;
    if (options.unlessReporting) {
      // Republished with another verdict: it is no longer a source of this fact at all.
      await tx.statusChangeSource.delete({ where: { statusChangeId_articleId: { statusChangeId: fact.id, articleId: article.id } } });
    }
    if (await hasOtherSource(tx, fact.id, article.id)) continue;
    await retract(tx, fact.id, {
      actorId: options.actorId,
      reason: `Its only source, the article "${article.title}", ${options.why}.`,
      withArticleId: options.unlessReporting ? null : article.id,
      byArticleId: article.id,
    });
  }
}

/**
 * Publishing a renewal verdict: facts retracted when this article was withdrawn come back if it reports them
 * again; a verdict equal to the standing status for its season only adds the article as a source; any other
 * verdict is a new fact, which needs the announcement date (the network's, never the publish date).
 */
export async function reportVerdict(tx: Tx, verdict: ArticleVerdict, actorId: number | null): Promise<void> {
  await withdrawArticleSource(tx, { id: verdict.articleId, title: verdict.articleTitle }, { actorId, why: "now reports another verdict", unlessReporting: verdict });
  const withdrawn = await tx.statusChange.findMany({
    where: {
      retractedWithArticleId: verdict.articleId,
      retractedAt: { not: null },
      showId: verdict.showId,
      seasonNumber: verdict.seasonNumber,
      status: verdict.status,
    },
    select: { id: true },
  });
  for (const fact of withdrawn) {
    await tx.statusChange.update({
      where: { id: fact.id },
      data: { retractedAt: null, retractedById: null, retractionReason: null, retractedWithArticleId: null },
    });
    await factChanged(tx, fact.id, { event: "RESTORED", actorId, byArticleId: verdict.articleId, details: { articleId: verdict.articleId } });
  }

  const standing = await standingFor(tx, verdict.showId, verdict.seasonNumber);
  if (standing.status === verdict.status) {
    if (standing.factId !== null) {
      await tx.statusChangeSource.upsert({
        where: { statusChangeId_articleId: { statusChangeId: standing.factId, articleId: verdict.articleId } },
        create: { statusChangeId: standing.factId, articleId: verdict.articleId },
        update: {},
      });
    }
    return;
  }
  if (!verdict.announcedAt) {
    throw badUserInput(
      `The verdict ${verdict.status} changes the show's status for season ${verdict.seasonNumber} (now ${standing.status}): ` +
        "give the date the network announced it (renewal.announcedAt).",
      "renewal.announcedAt",
    );
  }
  const fact = await tx.statusChange.create({
    data: {
      showId: verdict.showId,
      seasonNumber: verdict.seasonNumber,
      status: verdict.status,
      announcedAt: verdict.announcedAt,
      sourceUrl: verdict.sourceUrl,
      origin: "ARTICLE",
      recordedById: actorId,
      sources: { create: { articleId: verdict.articleId } },
    },
  });
  await factChanged(tx, fact.id, { event: "RECORDED", actorId, byArticleId: verdict.articleId, details: { articleId: verdict.articleId } });
}

/** An editor's own record of an announcement, from the network's source rather than an article. */
export async function recordFact(
  tx: Tx,
  fact: { showId: number; seasonNumber: number | null; status: RenewalStatus; announcedAt: Date; sourceUrl: string },
  actorId: number,
): Promise<number> {
  const show = await tx.show.findUnique({
    where: { id: fact.showId },
    select: { title: true, kind: true, seasons: { select: { number: true }, orderBy: { number: "desc" }, take: 1 } },
  });
  if (!show) throw badUserInput(`No show with id ${globalId("Show", fact.showId)}.`, "input.showId");
  // The same rules as a renewal article's verdict (articles/editorial.service.ts resolveRenewal).
  if (show.kind === "FILM") throw badUserInput(`${show.title} is a film: films are not renewed.`, "input.showId");
  const lastSeason = show.seasons[0]?.number;
  if (lastSeason !== undefined && fact.seasonNumber !== null && fact.seasonNumber > lastSeason + 1) {
    throw badUserInput(`${show.title} has ${lastSeason} season(s): a decision can be about season ${lastSeason + 1} at most.`, "input.seasonNumber");
  }
  const standing = await standingFor(tx, fact.showId, fact.seasonNumber);
  if (standing.status === fact.status && standing.factId !== null) {
    throw badUserInput(
      `The show is already ${fact.status} for that season (fact ${standing.factId}, announced ${day(standing.announcedAt) ?? "on an unknown date"}). ` +
        "To correct its date or source, retract it and record the right one.",
      "input.status",
    );
  }
  const created = await tx.statusChange.create({ data: { ...fact, origin: "EDITOR", recordedById: actorId } });
  await factChanged(tx, created.id, { event: "RECORDED", actorId, byArticleId: null, details: { sourceUrl: fact.sourceUrl } });
  return created.id;
}

/** An editor's retraction: the fact stays in the record with who, when and why, and stops counting. */
export async function retractFact(tx: Tx, factId: number, reason: string, actorId: number): Promise<void> {
  const rows = await tx.$queryRaw<{ id: number; retractedAt: Date | null }[]>`
    SELECT id, "retractedAt" FROM "StatusChange" WHERE id = ${factId} FOR UPDATE`;
  const fact = rows[0];
  if (!fact) throw notFound(`No status change with id ${globalId("StatusChange", factId)}.`, "id");
  if (fact.retractedAt) throw conflict(`Status change ${factId} was already retracted at ${fact.retractedAt.toISOString()}.`, { field: "id" });
  await retract(tx, factId, { actorId, reason, withArticleId: null, byArticleId: null });
}
