import { recordAudit } from "../common/audit.js";
import { globalId } from "../common/node.js";
import { conflict, isUniqueViolation } from "../common/errors.js";
import { reportVerdict, withdrawArticleSource } from "../shows/status-fact-writes.js";
import { enqueueWebhookEvent } from "../webhooks/outbox.js";
import { describeStaleClaims, staleClaims, staleFactsError, type StaleClaim } from "./claims.js";
import { clearAlertsOnRepublish } from "./stale-alerts.js";
import { applyContentToArticle, contentOf, lockArticle, newestRevision, type Tx } from "./content.js";
import { assertPublicSlugFree } from "./slug-claims.js";
import { assertTransition, invalidTransition } from "./workflow.js";

/** Maps a unique-constraint failure on the slug to the CONFLICT an editor can act on. */
export function rethrowSlugConflict(error: unknown, slug: string): never {
  if (isUniqueViolation(error)) {
    throw conflict(`The slug "${slug}" is already used by another article.`, { field: "slug" });
  }
  throw error;
}

/**
 * Publishes the newest revision of an article, all or nothing (run it inside a transaction):
 * the article goes live, its renewal verdict is reported to the show's status record (a new fact, or a further
 * source of the standing one; see shows/status-fact-writes.ts), and the audit entry and webhook events are
 * written with it.
 * With `onlyIfScheduled`, it does nothing unless the article is still SCHEDULED, so a job runner
 * that delivers twice publishes once.
 *
 * First its claims are checked against the database as it is now (claims.ts): if one no longer holds, an
 * editor's publish is refused with STALE_FACTS unless `overrideStaleFacts` (audited), and a scheduled
 * publish is held: the article goes back to IN_REVIEW with a note naming each stale claim (returns null).
 */
export async function publishArticleInTransaction(
  tx: Tx,
  articleId: number,
  options: { actorId: number | null; now: Date; onlyIfScheduled?: boolean; overrideStaleFacts?: boolean },
) {
  const article = await lockArticle(tx, articleId);
  if (!article) return null;
  if (options.onlyIfScheduled && (article.status !== "SCHEDULED" || !article.publishAt || article.publishAt > options.now)) {
    return null;
  }
  assertTransition("publish", article.status);
  const revision = await newestRevision(tx, articleId);
  const content = contentOf(revision);
  if (article.status === "PUBLISHED" && article.publishedRevisionId === revision.id) {
    throw invalidTransition("The article is already published with its newest revision; there is nothing new to publish.", {
      action: "publish",
      from: article.status,
    });
  }

  const stale = await staleClaims(tx, content);
  if (stale.length > 0) {
    if (options.onlyIfScheduled) {
      await holdForReview(tx, article, stale);
      return null;
    }
    if (!options.overrideStaleFacts) throw staleFactsError(stale);
    await recordAudit(tx, {
      actorId: options.actorId,
      action: "article.stale_facts_overridden",
      entityType: "Article",
      entityId: articleId,
      details: { claims: stale as never },
    });
  }

  // Publishing claims the slug in the public namespace: refused (CONFLICT, to the editor) if another article holds
  // it. Checked before anything is written, like the claims above.
  await assertPublicSlugFree(tx, articleId, content.slug);

  if (content.renewalShowId && content.verdict) {
    await reportVerdict(
      tx,
      {
        articleId,
        articleTitle: content.title,
        showId: content.renewalShowId,
        seasonNumber: content.seasonNumber,
        status: content.verdict,
        announcedAt: content.verdictAnnouncedAt,
        sourceUrl: content.verdictSourceUrl,
      },
      options.actorId,
    );
  } else {
    // An edit that dropped the renewal: what the article used to report no longer rests on it.
    await withdrawArticleSource(tx, { id: articleId, title: content.title }, { actorId: options.actorId, why: "no longer reports a verdict" });
  }

  if (article.publishedAt && article.slug !== content.slug) {
    // The old address keeps working: links already shared must not break.
    await tx.articleSlugAlias.upsert({ where: { slug: article.slug }, create: { slug: article.slug, articleId }, update: { articleId } });
  }
  await tx.articleSlugAlias.deleteMany({ where: { slug: content.slug, articleId } });

  const published = await applyContentToArticle(tx, articleId, content, {
    status: "PUBLISHED",
    publishedAt: article.publishedAt ?? options.now,
    publishAt: null,
    reviewNote: null,
    publishedRevisionId: revision.id,
    pendingSlug: null,
  }).catch((error: unknown) => rethrowSlugConflict(error, content.slug));

  await clearAlertsOnRepublish(tx, articleId, options.actorId);
  await recordAudit(tx, {
    actorId: options.actorId,
    action: "article.published",
    entityType: "Article",
    entityId: articleId,
    details: { revision: revision.number, scheduled: Boolean(options.onlyIfScheduled) },
  });
  await enqueueWebhookEvent(tx, "article.published", {
    id: globalId("Article", published.id),
    rowId: published.id,
    slug: published.slug,
    title: published.title,
    publishedAt: published.publishedAt?.toISOString(),
    revision: revision.number,
    verdict: published.verdict,
    renewalShowId: published.renewalShowId === null ? null : globalId("Show", published.renewalShowId),
  });
  return published;
}

/** A scheduled article whose facts changed: back to the editors with what no longer holds, instead of going live. */
async function holdForReview(tx: Tx, article: { id: number; authorId: number | null }, stale: StaleClaim[]): Promise<void> {
  await tx.article.update({
    where: { id: article.id },
    data: {
      status: "IN_REVIEW",
      publishAt: null,
      // Back in the review queue, as a fresh submission.
      submittedAt: new Date(),
      reviewNote: `Not published when due: its facts changed since it was written. ${describeStaleClaims(stale)}.`,
    },
  });
  await recordAudit(tx, { actorId: null, action: "article.publish_held", entityType: "Article", entityId: article.id, details: { claims: stale as never } });
}
