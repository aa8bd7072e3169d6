import { recordAudit } from "../common/audit.js";
import { globalId } from "../common/node.js";
import type { Prisma } from "../db/prisma.js";
import { factsOfShow, statusForSeason } from "../shows/status-facts.js";
import { onStatusFactsChanged, type FactsChanged } from "../shows/status-fact-writes.js";
import { enqueueWebhookEvent } from "../webhooks/outbox.js";
import { describeStanding, type StaleClaim } from "./claims.js";
import type { Tx } from "./content.js";

/**
 * Stale-article alerts: a published article whose claims a later fact contradicts is flagged for an update
 * (one open alert per article, audited and announced as `article.needs_update`), and the flag clears when the
 * article is republished, when the facts agree with it again, or when an editor dismisses it.
 */

const day = (date: Date) => date.toISOString().slice(0, 10);

interface PublishedVerdict {
  id: number;
  slug: string;
  title: string;
  verdict: NonNullable<Prisma.ArticleGetPayload<object>["verdict"]>;
  seasonNumber: number | null;
}

async function raise(tx: Tx, article: PublishedVerdict, claims: StaleClaim[], statusChangeId: number | null, actorId: number | null) {
  const same = JSON.stringify(claims);
  const latest = await tx.articleAlert.findFirst({
    where: { articleId: article.id, OR: [{ clearedAt: null }, { clearedBecause: "DISMISSED" }] },
    orderBy: { raisedAt: "desc" },
    select: { id: true, clearedAt: true, claims: true },
  });
  // The same contradiction again (the next import, say) is no news; an editor's dismissal of it stands.
  if (latest && JSON.stringify(latest.claims) === same) return;
  if (latest && latest.clearedAt === null) {
    // Still stale, for a newer reason: the queue shows the latest change.
    await tx.articleAlert.update({ where: { id: latest.id }, data: { claims: claims as never, statusChangeId, raisedAt: new Date() } });
    return;
  }
  const alert = await tx.articleAlert.create({ data: { articleId: article.id, claims: claims as never, statusChangeId } });
  await recordAudit(tx, { actorId, action: "article.needs_update", entityType: "Article", entityId: article.id, details: { alertId: globalId("ArticleAlert", alert.id), claims: claims as never, statusChangeId: statusChangeId === null ? null : globalId("StatusChange", statusChangeId) } });
  await enqueueWebhookEvent(tx, "article.needs_update", { id: globalId("Article", article.id), rowId: article.id, slug: article.slug, title: article.title, alertId: globalId("ArticleAlert", alert.id), claims: claims as never });
}

async function clear(tx: Tx, articleId: number, because: "REPUBLISHED" | "FACTS_AGREE", actorId: number | null) {
  const { count } = await tx.articleAlert.updateMany({
    // Facts agreeing again clears only what a fact raised; a season in the charts still contradicts the verdict.
    where: { articleId, clearedAt: null, ...(because === "FACTS_AGREE" ? { statusChangeId: { not: null } } : {}) },
    data: { clearedAt: new Date(), clearedBecause: because, clearedById: actorId },
  });
  if (count > 0) await recordAudit(tx, { actorId, action: "article.alert_cleared", entityType: "Article", entityId: articleId, details: { because } });
}

/** After a show's facts changed: flags its published renewal articles that the standing facts now contradict. */
export async function reviewArticlesAbout(tx: Tx, change: FactsChanged): Promise<void> {
  const { showId, factId: statusChangeId, actorId } = change;
  const articles = await tx.article.findMany({
    // The article whose own publish or withdrawal this is gets its new state from that, not an alert.
    where: { renewalShowId: showId, status: "PUBLISHED", verdict: { not: null }, ...(change.byArticleId ? { id: { not: change.byArticleId } } : {}) },
    select: { id: true, slug: true, title: true, verdict: true, seasonNumber: true },
  });
  if (articles.length === 0) return;
  const [facts, show] = await Promise.all([factsOfShow(tx, showId), tx.show.findUniqueOrThrow({ where: { id: showId }, select: { kind: true } })]);
  for (const article of articles as PublishedVerdict[]) {
    const standing = statusForSeason(facts, article.seasonNumber, show.kind);
    if (standing.status === article.verdict) {
      await clear(tx, article.id, "FACTS_AGREE", actorId);
      continue;
    }
    const claim = { claim: `verdict for season ${article.seasonNumber}`, articleSays: article.verdict, current: describeStanding(standing) };
    await raise(tx, article, [claim], statusChangeId, actorId);
  }
}

/**
 * After a chart import: a published verdict that there will be no season N (CANCELED, ENDED) or that it is
 * undecided (PENDING) is out of date once season N is in Netflix's Top 10.
 */
export async function reviewArticlesAgainstCharts(tx: Tx): Promise<void> {
  const contradicted = await tx.$queryRaw<(PublishedVerdict & { firstWeek: Date })[]>`
    SELECT a.id, a.slug, a.title, a.verdict, a."seasonNumber", min(e."weekEnd") AS "firstWeek"
    FROM "Article" a
    JOIN "Season" s ON s."showId" = a."renewalShowId" AND s.number = a."seasonNumber"
    JOIN "ChartEntry" e ON e."seasonId" = s.id
    WHERE a.status = 'PUBLISHED' AND a.verdict IN ('CANCELED', 'ENDED', 'PENDING')
    GROUP BY a.id`;
  for (const article of contradicted) {
    const claim = {
      claim: `verdict for season ${article.seasonNumber}`,
      articleSays: article.verdict,
      current: `season ${article.seasonNumber} is in Netflix's Top 10 (first week ending ${day(article.firstWeek)})`,
    };
    await raise(tx, article, [claim], null, null);
  }
}

export function clearAlertsOnRepublish(tx: Tx, articleId: number, actorId: number | null): Promise<void> {
  return clear(tx, articleId, "REPUBLISHED", actorId);
}

onStatusFactsChanged(reviewArticlesAbout);
