import { Prisma } from "../db/prisma.js";
import type { ArticleClaims } from "./claims.js";

export type Tx = Prisma.TransactionClient;
type ArticleRow = Prisma.ArticleGetPayload<object>;

/** An article's editable content: what a revision stores and what readers are served. */
export interface ArticleContent {
  title: string;
  slug: string;
  summary: string | null;
  body: string;
  renewalShowId: number | null;
  verdict: Prisma.ArticleRevisionCreateInput["verdict"];
  seasonNumber: number | null;
  /** When the network announced the verdict, and where (the writer's statement of the fact). */
  verdictAnnouncedAt: Date | null;
  verdictSourceUrl: string | null;
  /** What the content claims, recorded when it is saved, checked again before it goes live (claims.ts). */
  claims: ArticleClaims | null;
  showIds: number[];
}

const CONTENT_FIELDS = ["title", "slug", "summary", "body"] as const;

export function contentOf(revision: Omit<ArticleContent, "claims"> & { claims: Prisma.JsonValue | null }): ArticleContent {
  const { title, slug, summary, body, renewalShowId, verdict, seasonNumber, verdictAnnouncedAt, verdictSourceUrl, showIds } = revision;
  const claims = revision.claims && typeof revision.claims === "object" && !Array.isArray(revision.claims) ? (revision.claims as ArticleClaims) : null;
  return {
    title,
    slug,
    summary,
    body,
    renewalShowId,
    verdict,
    seasonNumber,
    verdictAnnouncedAt,
    verdictSourceUrl,
    claims,
    showIds: [...showIds].sort((a, b) => a - b),
  };
}

/** Names of the content fields that differ, as recorded on a revision ("renewal" and "shows" as wholes). */
export function changedFields(before: ArticleContent | null, after: ArticleContent): string[] {
  if (!before) return [...CONTENT_FIELDS, ...(after.renewalShowId ? ["renewal"] : []), "shows"];
  const changed: string[] = CONTENT_FIELDS.filter((field) => before[field] !== after[field]);
  if (
    before.renewalShowId !== after.renewalShowId ||
    before.verdict !== after.verdict ||
    before.seasonNumber !== after.seasonNumber ||
    before.verdictAnnouncedAt?.getTime() !== after.verdictAnnouncedAt?.getTime() ||
    before.verdictSourceUrl !== after.verdictSourceUrl
  ) {
    changed.push("renewal");
  }
  if (before.showIds.join(",") !== after.showIds.join(",")) changed.push("shows");
  return changed;
}

/**
 * Locks the article row until the transaction ends, so concurrent edits and transitions queue up,
 * and reads it in the same statement (the model maps every field to a column of its own name).
 */
export async function lockArticle(tx: Tx, id: number): Promise<ArticleRow | null> {
  const rows = await tx.$queryRaw<ArticleRow[]>`SELECT * FROM "Article" WHERE id = ${id} FOR UPDATE`;
  return rows[0] ?? null;
}

/**
 * Saves a revision. A parameterised INSERT rather than `articleRevision.create`: every save's body makes
 * a new query text, and Prisma 6.19 compiles a plan per text (src/db/query-plans.ts), 1–2 ms of the main
 * thread per save; a raw statement's plan is trivial. The columns are the model's, named as in it.
 */
export async function insertRevision(
  tx: Tx,
  revision: { articleId: number; number: number; content: ArticleContent; changedFields: string[]; reason: "CREATE" | "UPDATE" | "RESTORE"; editorId: number },
): Promise<void> {
  const { content } = revision;
  const announced = content.verdictAnnouncedAt ? content.verdictAnnouncedAt.toISOString().slice(0, 10) : null;
  await tx.$executeRaw`INSERT INTO "ArticleRevision" ("articleId", number, title, slug, summary, body, "renewalShowId", verdict,
      "seasonNumber", "verdictAnnouncedAt", "verdictSourceUrl", claims, "showIds", "changedFields", reason, "editorId")
    VALUES (${revision.articleId}::int, ${revision.number}::int, ${content.title}, ${content.slug}, ${content.summary}::text, ${content.body},
      ${content.renewalShowId}::int, ${content.verdict}::"RenewalStatus", ${content.seasonNumber}::int, ${announced}::date,
      ${content.verdictSourceUrl}::text, ${content.claims ? JSON.stringify(content.claims) : null}::jsonb, ${content.showIds}::int[],
      ${revision.changedFields}::text[], ${revision.reason}, ${revision.editorId}::int)`;
}

export function newestRevision(tx: Tx, articleId: number) {
  return tx.articleRevision.findFirstOrThrow({ where: { articleId }, orderBy: { number: "desc" } });
}

/**
 * Makes `content` what the article row (and so readers, once it is published) shows. `showsUnchanged`
 * skips rewriting the show links when the caller knows the row already has them. The renewal show is
 * set by its id (checked by the caller): a relation `connect` would cost two more statements.
 */
export async function applyContentToArticle(
  tx: Tx,
  articleId: number,
  content: ArticleContent,
  extra: Prisma.ArticleUncheckedUpdateInput = {},
  options: { showsUnchanged?: boolean } = {},
) {
  const { showIds, ...columns } = contentColumns(content);
  if (!options.showsUnchanged) {
    await tx.articleShow.deleteMany({ where: { articleId, showId: { notIn: showIds } } });
    await tx.articleShow.createMany({ data: showIds.map((showId) => ({ articleId, showId })), skipDuplicates: true });
  }
  return tx.article.update({ where: { id: articleId }, data: { ...columns, ...extra } });
}

/** The content as columns of Article and ArticleRevision (Prisma writes a JSON column's SQL NULL as DbNull). */
export function contentColumns(content: ArticleContent) {
  return { ...content, claims: content.claims ? (content.claims as Prisma.InputJsonObject) : Prisma.DbNull };
}
