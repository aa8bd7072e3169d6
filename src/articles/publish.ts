import { recordAudit } from "../common/audit.js";
import { conflict } from "../common/errors.js";
import { Prisma } from "../db/prisma.js";
import { enqueueWebhookEvent } from "../webhooks/outbox.js";
import { applyContentToArticle, contentOf, lockArticle, newestRevision, type Tx } from "./content.js";
import { assertPublicSlugFree } from "./slug-claims.js";
import { assertTransition, invalidTransition } from "./workflow.js";

const startOfUtcDay = (at: Date) => new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));

/** Maps a unique-constraint failure on the slug to the CONFLICT an editor can act on. */
export function rethrowSlugConflict(error: unknown, slug: string): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
    throw conflict(`The slug "${slug}" is already used by another article.`, { field: "slug" });
  }
  throw error;
}

/**
 * Publishes the newest revision of an article, all or nothing (run it inside a transaction):
 * the article goes live, a renewal verdict becomes a StatusChange on the show (and the show's
 * current status when it is newer), and the audit entry and webhook events are written with it.
 * With `onlyIfScheduled`, it does nothing unless the article is still SCHEDULED, so a job runner
 * that delivers twice publishes once.
 */
export async function publishArticleInTransaction(
  tx: Tx,
  articleId: number,
  options: { actorId: number | null; now: Date; onlyIfScheduled?: boolean },
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

  if (content.renewalShowId && content.verdict) {
    await recordVerdict(tx, {
      showId: content.renewalShowId,
      verdict: content.verdict,
      seasonNumber: content.seasonNumber,
      articleId,
      announcedAt: startOfUtcDay(options.now),
      actorId: options.actorId,
    });
  }

  if (article.publishedAt && article.slug !== content.slug) {
    // The old address keeps working: links already shared must not break.
    await tx.articleSlugAlias.upsert({ where: { slug: article.slug }, create: { slug: article.slug, articleId }, update: { articleId } });
  }
  await tx.articleSlugAlias.deleteMany({ where: { slug: content.slug, articleId } });
  // Publishing claims the slug in the public namespace: refused (CONFLICT, to the editor) if another article holds it.
  await assertPublicSlugFree(tx, articleId, content.slug);

  const published = await applyContentToArticle(tx, articleId, content, {
    status: "PUBLISHED",
    publishedAt: article.publishedAt ?? options.now,
    publishAt: null,
    reviewNote: null,
    publishedRevisionId: revision.id,
    pendingSlug: null,
  }).catch((error: unknown) => rethrowSlugConflict(error, content.slug));

  await recordAudit(tx, {
    actorId: options.actorId,
    action: "article.published",
    entityType: "Article",
    entityId: articleId,
    details: { revision: revision.number, scheduled: Boolean(options.onlyIfScheduled) },
  });
  await enqueueWebhookEvent(tx, "article.published", {
    id: published.id,
    slug: published.slug,
    title: published.title,
    publishedAt: published.publishedAt?.toISOString(),
    revision: revision.number,
    verdict: published.verdict,
    renewalShowId: published.renewalShowId,
  });
  return published;
}

/** A verdict reported by an article: history always, the show's current status only when newer. */
async function recordVerdict(
  tx: Tx,
  verdict: {
    showId: number;
    verdict: NonNullable<Prisma.StatusChangeCreateInput["status"]>;
    seasonNumber: number | null;
    articleId: number;
    announcedAt: Date;
    actorId: number | null;
  },
) {
  const alreadyReported = await tx.statusChange.findFirst({
    where: { showId: verdict.showId, articleId: verdict.articleId, status: verdict.verdict, seasonNumber: verdict.seasonNumber },
  });
  if (alreadyReported) return;
  const show = await tx.show.findUniqueOrThrow({ where: { id: verdict.showId } });
  await tx.statusChange.create({
    data: {
      showId: verdict.showId,
      status: verdict.verdict,
      previousStatus: show.status,
      seasonNumber: verdict.seasonNumber,
      announcedAt: verdict.announcedAt,
      articleId: verdict.articleId,
    },
  });
  if (!show.statusAnnouncedAt || show.statusAnnouncedAt <= verdict.announcedAt) {
    await tx.show.update({
      where: { id: verdict.showId },
      data: { status: verdict.verdict, statusAnnouncedAt: verdict.announcedAt },
    });
    await recordAudit(tx, {
      actorId: verdict.actorId,
      action: "show.status_changed",
      entityType: "Show",
      entityId: verdict.showId,
      details: { from: show.status, to: verdict.verdict, articleId: verdict.articleId },
    });
  }
}
