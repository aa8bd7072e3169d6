import { Prisma } from "../db/prisma.js";
import { RAW_WRITE_MARK } from "../db/query-plans.js";
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

/** The revision content columns, read with the article row under a name of their own (lockArticleWithNewest). */
const NEWEST_COLUMNS = [
  "number", "title", "slug", "summary", "body", "renewalShowId", "verdict", "seasonNumber", "verdictAnnouncedAt",
  "verdictSourceUrl", "claims", "showIds", "editorId", "createdAt",
] as const;
type NewestRevision = Pick<Prisma.ArticleRevisionGetPayload<object>, (typeof NEWEST_COLUMNS)[number]> & { editorName: string | null };
const NEWEST_SELECT = Prisma.raw(NEWEST_COLUMNS.map((column) => `r."${column}" AS "newest.${column}"`).join(", "));

/**
 * lockArticle and newestRevision in one statement: the row lock, the row, and its newest revision with
 * its editor's name (for a CONFLICT message). After waiting for the lock, PostgreSQL re-reads the
 * locked row but keeps the revision it read before the wait (READ COMMITTED re-checks only the locked
 * table), so a revision older than the row's version is read again: the caller always gets the newest.
 */
export async function lockArticleWithNewest(tx: Tx, id: number): Promise<{ article: ArticleRow; newest: NewestRevision } | null> {
  const rows = await tx.$queryRaw<Array<Record<string, unknown>>>`SELECT a.*, ${NEWEST_SELECT}, u.name AS "newest.editorName"
    FROM "Article" a
    LEFT JOIN LATERAL (SELECT * FROM "ArticleRevision" WHERE "articleId" = a.id ORDER BY number DESC LIMIT 1) r ON true
    LEFT JOIN "User" u ON u.id = r."editorId"
    WHERE a.id = ${id}::int FOR UPDATE OF a`;
  const row = rows[0];
  if (!row) return null;
  const article: Record<string, unknown> = {};
  const newest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (key.startsWith("newest.")) newest[key.slice("newest.".length)] = value;
    else article[key] = value;
  }
  const locked = article as ArticleRow;
  if (newest.number === locked.version) return { article: locked, newest: newest as NewestRevision };
  const fresh = await tx.articleRevision.findFirstOrThrow({
    where: { articleId: id },
    orderBy: { number: "desc" },
    include: { editor: { select: { name: true } } },
  });
  return { article: locked, newest: { ...fresh, editorName: fresh.editor?.name ?? null } };
}

interface RevisionToSave {
  articleId: number;
  number: number;
  content: ArticleContent;
  changedFields: string[];
  reason: "CREATE" | "UPDATE" | "RESTORE";
  editorId: number;
}

/**
 * The INSERT of a revision. A parameterised statement rather than `articleRevision.create`: every save's body
 * makes a new query text, and Prisma 6.19 compiles a plan per text (src/db/query-plans.ts), 1–2 ms of the main
 * thread per save; a raw statement's plan is trivial. The columns are the model's, named as in it.
 */
function revisionInsert(revision: RevisionToSave): Prisma.Sql {
  const { content } = revision;
  const announced = content.verdictAnnouncedAt ? content.verdictAnnouncedAt.toISOString().slice(0, 10) : null;
  return Prisma.sql`INSERT INTO "ArticleRevision" ("articleId", number, title, slug, summary, body, "renewalShowId", verdict,
      "seasonNumber", "verdictAnnouncedAt", "verdictSourceUrl", claims, "showIds", "changedFields", reason, "editorId")
    VALUES (${revision.articleId}::int, ${revision.number}::int, ${content.title}, ${content.slug}, ${content.summary}::text, ${content.body},
      ${content.renewalShowId}::int, ${content.verdict}::"RenewalStatus", ${content.seasonNumber}::int, ${announced}::date,
      ${content.verdictSourceUrl}::text, ${content.claims ? JSON.stringify(content.claims) : null}::jsonb, ${content.showIds}::int[],
      ${revision.changedFields}::text[], ${revision.reason}, ${revision.editorId}::int)`;
}

/** Saves a revision. */
export async function insertRevision(tx: Tx, revision: RevisionToSave): Promise<void> {
  await tx.$executeRaw(revisionInsert(revision));
}

/**
 * A save's writes in one statement (data-modifying CTEs): the revision, the audit entry and the
 * article row's update, returned. `content` is written to the row too (a draft's row shows its newest
 * revision); without it only version and pendingSlug change (a published snapshot stays as it was).
 * The caller notes the audit entry (noteAudited) once this succeeded.
 */
export async function saveRevisionAndArticle(
  tx: Tx,
  revision: RevisionToSave,
  row: { content: ArticleContent | null; pendingSlug?: string | null },
  audit: Prisma.Sql,
): Promise<ArticleRow> {
  // As Prisma's @updatedAt: the application's clock, in milliseconds, stored as UTC.
  const set = [Prisma.sql`version = ${revision.number}::int`, Prisma.sql`"updatedAt" = ${new Date().toISOString()}::timestamp(3)`];
  if (row.pendingSlug !== undefined) set.push(Prisma.sql`"pendingSlug" = ${row.pendingSlug}::text`);
  const content = row.content;
  if (content) {
    const announced = content.verdictAnnouncedAt ? content.verdictAnnouncedAt.toISOString().slice(0, 10) : null;
    set.push(Prisma.sql`title = ${content.title}, slug = ${content.slug}, summary = ${content.summary}::text, body = ${content.body},
      "renewalShowId" = ${content.renewalShowId}::int, verdict = ${content.verdict}::"RenewalStatus", "seasonNumber" = ${content.seasonNumber}::int,
      "verdictAnnouncedAt" = ${announced}::date, "verdictSourceUrl" = ${content.verdictSourceUrl}::text,
      claims = ${content.claims ? JSON.stringify(content.claims) : null}::jsonb`);
  }
  const rows = await tx.$queryRaw<ArticleRow[]>`${Prisma.raw(RAW_WRITE_MARK)} WITH revision AS (${revisionInsert(revision)}), audit AS (${audit})
    UPDATE "Article" SET ${Prisma.join(set)} WHERE id = ${revision.articleId}::int RETURNING *`;
  return rows[0]!;
}

/** Rewrites the article's show links to `showIds`. */
export async function setArticleShows(tx: Tx, articleId: number, showIds: number[]): Promise<void> {
  await tx.articleShow.deleteMany({ where: { articleId, showId: { notIn: showIds } } });
  await tx.articleShow.createMany({ data: showIds.map((showId) => ({ articleId, showId })), skipDuplicates: true });
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
  if (!options.showsUnchanged) await setArticleShows(tx, articleId, showIds);
  return tx.article.update({ where: { id: articleId }, data: { ...columns, ...extra } });
}

/** The content as columns of Article and ArticleRevision (Prisma writes a JSON column's SQL NULL as DbNull). */
export function contentColumns(content: ArticleContent) {
  return { ...content, claims: content.claims ? (content.claims as Prisma.InputJsonObject) : Prisma.DbNull };
}
