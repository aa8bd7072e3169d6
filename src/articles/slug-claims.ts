import { canSeeUnpublished, type Viewer } from "../common/context.js";
import { globalId } from "../common/node.js";
import { conflict } from "../common/errors.js";
import type { Prisma } from "../db/prisma.js";
import type { ArticleStatus } from "./article.types.js";
import type { Tx } from "./content.js";

/**
 * Who holds a slug. Readers address articles by slug, so a slug is claimed in that public namespace
 * only when an editor schedules or publishes an article (and stays claimed while it is archived, by
 * its aliases once it changes, and by a published article's pending edit). Drafts and submissions
 * reserve nothing: two writers may draft the same slug, and the clash surfaces to the editor who
 * schedules or publishes the second. That way no writer can learn from a CONFLICT or a "-2" that
 * someone else's hidden draft exists.
 */
export const CLAIMING_STATES: readonly ArticleStatus[] = ["SCHEDULED", "PUBLISHED", "ARCHIVED"];

/**
 * Serializes every choice and claim of one slug until the transaction ends: concurrent creates of
 * the same title then pick distinct slugs (each sees the ones committed before it) instead of
 * racing to the same one. A transaction-scoped advisory lock, so nothing is left to release.
 */
export async function lockSlug(tx: Tx, slug: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`greenlight:article-slug:${slug}`}))`;
}

/** The other article holding `slug` in the public namespace, if any. */
async function publicHolder(tx: Tx, slug: string, articleId: number): Promise<{ id: number; title: string } | null> {
  const [article, alias] = await Promise.all([
    tx.article.findFirst({
      where: { id: { not: articleId }, OR: [{ slug, status: { in: [...CLAIMING_STATES] } }, { pendingSlug: slug }] },
      select: { id: true, title: true },
    }),
    tx.articleSlugAlias.findFirst({ where: { slug, articleId: { not: articleId } }, select: { article: { select: { id: true, title: true } } } }),
  ]);
  return article ?? alias?.article ?? null;
}

/**
 * Refuses to schedule or publish an article under a slug another article holds publicly. Only
 * editors get here, and they may see every article, so the error names the holder.
 */
export async function assertPublicSlugFree(tx: Tx, articleId: number, slug: string): Promise<void> {
  await lockSlug(tx, slug);
  const holder = await publicHolder(tx, slug, articleId);
  if (holder) {
    throw conflict(`The slug "${slug}" is already used by article ${globalId("Article", holder.id)} ("${holder.title}"); change this article's slug first.`, {
      field: "slug",
      articleId: globalId("Article", holder.id),
    });
  }
}

/**
 * Whether `slug` is taken as far as `viewer` can tell. Editors see every article; a writer only
 * their own articles and what is published (with its former slugs), so a hidden draft or a
 * scheduled article never makes a slug look taken to them.
 */
export async function slugTakenFor(tx: Tx, viewer: Viewer, slug: string, articleId: number | null): Promise<boolean> {
  const others: Prisma.ArticleWhereInput = { deletedAt: null, ...(articleId ? { id: { not: articleId } } : {}) };
  const visible: Prisma.ArticleWhereInput = canSeeUnpublished(viewer) ? {} : { OR: [{ status: "PUBLISHED" }, { authorId: viewer.id }] };
  const [article, alias] = await Promise.all([
    tx.article.findFirst({
      where: {
        AND: [others, visible, canSeeUnpublished(viewer) ? { OR: [{ slug }, { pendingSlug: slug }] } : { slug }],
      },
      select: { id: true },
    }),
    tx.articleSlugAlias.findFirst({ where: { slug, ...(articleId ? { articleId: { not: articleId } } : {}), article: visible } }),
  ]);
  return Boolean(article || alias);
}
