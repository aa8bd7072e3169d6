import { auditInsert, noteAudited, recordAudit, type AuditEntry } from "../common/audit.js";
import { globalId, rowIdOf } from "../common/node.js";
import { findPage, type Connection, type ConnectionArgs } from "../common/connection.js";
import { publicContentChanged } from "../common/public-content.js";
import type { Prisma } from "../db/prisma.js";
import { revisionOrdering } from "./article.args.js";
import { canSeeUnpublished, type Viewer } from "../common/context.js";
import { badUserInput, conflict, forbidden, notFound, unauthenticated } from "../common/errors.js";
import { RequestService } from "../common/service.js";
import { enqueueWebhookEvent } from "../webhooks/outbox.js";
import { standingFor } from "../shows/status-facts.js";
import { withdrawArticleSource } from "../shows/status-fact-writes.js";
import type { Article, ArticleRevision } from "./article.types.js";
import { claimsOf, type QuotedData } from "./claims.js";
import {
  applyContentToArticle,
  changedFields,
  contentColumns,
  contentOf,
  insertRevision,
  lockArticle,
  lockArticleWithNewest,
  newestRevision,
  saveRevisionAndArticle,
  setArticleShows,
  type ArticleContent,
  type Tx,
} from "./content.js";
import type { CreateArticleInput, RenewalInput, UpdateArticleInput } from "./article.inputs.js";
import { publishArticleInTransaction, rethrowSlugConflict } from "./publish.js";
import { firstFreeSlug, slugFromTitle } from "./slug.js";
import { assertPublicSlugFree, lockSlug, slugTakenFor } from "./slug-claims.js";
import { assertTransition, EDITABLE_STATES, hasLiveSnapshot, invalidTransition, type WorkflowAction } from "./workflow.js";

type ArticleRow = Article;
type RenewalContent = Pick<ArticleContent, "renewalShowId" | "verdict" | "seasonNumber" | "verdictAnnouncedAt" | "verdictSourceUrl">;

/**
 * The editorial workflow: every mutation runs in one transaction holding the article's row lock,
 * saves a revision for every content change and writes its audit entry in the same transaction.
 */
export class EditorialService extends RequestService {
  private get viewer(): Viewer {
    // Resolvers are @Authorized already; this second check keeps the service safe on its own.
    if (!this.context.viewer) throw unauthenticated("Sign in to edit articles.");
    return this.context.viewer;
  }

  private isEditor(): boolean {
    return canSeeUnpublished(this.viewer);
  }

  private transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(work, { timeout: 15_000, maxWait: 10_000 });
  }

  /** Locks and returns an article the viewer may act on; writers only reach their own. */
  private async lockForViewer(tx: Tx, id: number, options: { deleted?: boolean } = {}): Promise<ArticleRow> {
    const article = await lockArticle(tx, id);
    this.assertMayAct(article, id, options);
    return article!;
  }

  private assertMayAct(article: ArticleRow | null, id: number, options: { deleted?: boolean }): void {
    // A deleted draft is gone for every action except restoring it.
    if (!article || Boolean(article.deletedAt) !== Boolean(options.deleted) || (!this.isEditor() && article.authorId !== this.viewer.id)) {
      throw notFound(`No article with id ${globalId("Article", id)}.`, "id");
    }
  }

  /** lockForViewer and the article's newest revision, in one statement. */
  private async lockForViewerWithNewest(tx: Tx, id: number): Promise<NonNullable<Awaited<ReturnType<typeof lockArticleWithNewest>>>> {
    const locked = await lockArticleWithNewest(tx, id);
    this.assertMayAct(locked?.article ?? null, id, {});
    return locked!;
  }

  private requireEditor(action: string): void {
    if (!this.isEditor()) throw forbidden(`Only editors and admins may ${action}.`);
  }

  /** `quoted`: the chart figures and ratings the body quotes (the draft generator's), re-checked before it goes live. */
  async create(input: CreateArticleInput, options: { quoted?: QuotedData } = {}): Promise<Article> {
    return this.transaction(async (tx) => {
      const renewal = await this.resolveRenewal(tx, input.renewal);
      const slug = input.slug ? await this.claimExplicitSlug(tx, input.slug, null) : await this.freeSlugFromTitle(tx, input.title, null);
      const content: ArticleContent = {
        title: input.title,
        slug,
        summary: input.summary ?? null,
        body: input.body,
        ...renewal,
        claims: null,
        showIds: await this.resolveShowIds(tx, input.showIds, renewal.renewalShowId),
      };
      content.claims = await claimsOf(tx, content, options.quoted);
      const { showIds, renewalShowId, ...columns } = contentColumns(content);
      const article = await tx.article
        .create({
          data: {
            ...columns,
            renewalShowId,
            authorId: this.viewer.id,
            shows: { create: showIds.map((showId) => ({ showId })) },
          },
        })
        .catch((error: unknown) => rethrowSlugConflict(error, slug));
      await this.saveRevision(tx, article.id, 1, content, null, "CREATE");
      await recordAudit(tx, { actorId: this.viewer.id, action: "article.created", entityType: "Article", entityId: article.id });
      return article;
    });
  }

  async update(input: UpdateArticleInput): Promise<Article> {
    const id = rowIdOf("Article", input.id, "input.id");
    return this.transaction(async (tx) => {
      const { article, newest } = await this.lockForViewerWithNewest(tx, id);
      this.assertEditable(article);
      this.assertBaseVersion(article, newest, input.baseVersion);
      const previous = contentOf(newest);
      const renewal = input.renewal === undefined ? previous : await this.resolveRenewal(tx, input.renewal);
      const title = input.title ?? previous.title;
      let slug = previous.slug;
      if (input.slug !== undefined && input.slug !== previous.slug) {
        slug = await this.claimExplicitSlug(tx, input.slug, id);
      } else if (input.title !== undefined && input.title !== previous.title && !article.publishedAt) {
        // Slugs follow the title until the article has been published; after that, links depend on them.
        slug = await this.freeSlugFromTitle(tx, title, id);
      }
      const claim = await this.claimSlugOfEdit(tx, article, slug);
      const next: ArticleContent = {
        title,
        slug,
        summary: input.summary === undefined ? previous.summary : input.summary,
        body: input.body ?? previous.body,
        renewalShowId: renewal.renewalShowId,
        verdict: renewal.verdict,
        seasonNumber: renewal.seasonNumber,
        verdictAnnouncedAt: renewal.verdictAnnouncedAt,
        verdictSourceUrl: renewal.verdictSourceUrl,
        claims: null,
        showIds:
          input.showIds === undefined && input.renewal === undefined
            ? previous.showIds
            : await this.resolveShowIds(tx, input.showIds ?? previous.showIds.map((id) => globalId("Show", id)), renewal.renewalShowId),
      };
      const changed = changedFields(previous, next);
      if (changed.length === 0) return article;
      next.claims = await claimsOf(tx, next, previous.claims);
      const version = article.version + 1;
      const live = hasLiveSnapshot(article.status);
      // A draft's row shows the newest revision, so its links change with `shows`; a live row keeps the published ones.
      if (!live && changed.includes("shows")) await setArticleShows(tx, id, next.showIds);
      const audit: AuditEntry = {
        actorId: this.viewer.id,
        action: "article.updated",
        entityType: "Article",
        entityId: id,
        details: { revision: version, changed },
      };
      const updated = await saveRevisionAndArticle(
        tx,
        { articleId: id, number: version, content: next, changedFields: changed, reason: "UPDATE", editorId: this.viewer.id },
        { content: live ? null : next, ...claim },
        auditInsert(audit),
      ).catch((error: unknown) => rethrowSlugConflict(error, slug));
      noteAudited(audit);
      return updated;
    });
  }

  /** Brings an old revision back as the newest draft: a new revision, so nothing is lost either way. */
  async restoreRevision(articleId: number, revisionNumber: number, baseVersion: number): Promise<Article> {
    return this.transaction(async (tx) => {
      const { article, newest } = await this.lockForViewerWithNewest(tx, articleId);
      this.assertEditable(article);
      this.assertBaseVersion(article, newest, baseVersion);
      const old = await tx.articleRevision.findUnique({ where: { articleId_number: { articleId, number: revisionNumber } } });
      if (!old) throw notFound(`Article ${globalId("Article", articleId)} has no revision ${revisionNumber}.`, "revisionNumber");
      const previous = contentOf(newest);
      const restored = contentOf(old);
      if (restored.slug !== previous.slug && (await this.slugTaken(tx, restored.slug, articleId))) {
        restored.slug = previous.slug;
      }
      const claim = await this.claimSlugOfEdit(tx, article, restored.slug);
      const version = article.version + 1;
      const changed = changedFields(previous, restored);
      restored.claims = await claimsOf(tx, restored, restored.claims);
      const live = hasLiveSnapshot(article.status);
      if (!live) await setArticleShows(tx, articleId, restored.showIds);
      const audit: AuditEntry = {
        actorId: this.viewer.id,
        action: "article.revision_restored",
        entityType: "Article",
        entityId: articleId,
        details: { restored: revisionNumber, revision: version },
      };
      const updated = await saveRevisionAndArticle(
        tx,
        { articleId, number: version, content: restored, changedFields: changed, reason: "RESTORE", editorId: this.viewer.id },
        { content: live ? null : restored, ...claim },
        auditInsert(audit),
      ).catch((error: unknown) => rethrowSlugConflict(error, restored.slug));
      noteAudited(audit);
      return updated;
    });
  }

  submitForReview(id: number): Promise<Article> {
    return this.transition(id, "submitForReview", "article.submitted", async (article) => {
      if (!this.isEditor() && article.authorId !== this.viewer.id) {
        throw forbidden("Writers may only submit their own articles.");
      }
      return { submittedAt: new Date() };
    });
  }

  requestChanges(id: number, note: string): Promise<Article> {
    this.requireEditor("request changes");
    return this.transition(id, "requestChanges", "article.changes_requested", async () => ({ reviewNote: note, publishAt: null }));
  }

  schedule(id: number, publishAt: Date): Promise<Article> {
    this.requireEditor("schedule articles");
    if (publishAt.getTime() <= Date.now()) {
      throw badUserInput("publishAt must be in the future; use publishArticle to publish now.", "publishAt");
    }
    return this.transition(
      id,
      "schedule",
      "article.scheduled",
      async (article, tx) => {
        // Scheduling claims the slug in the public namespace (see slug-claims.ts).
        await assertPublicSlugFree(tx, id, article.slug);
        return { publishAt };
      },
      { publishAt: publishAt.toISOString() },
    );
  }

  async unpublish(id: number): Promise<Article> {
    this.requireEditor("unpublish articles");
    const article = await this.transaction(async (tx) => {
      const article = await this.lockForViewer(tx, id);
      assertTransition("unpublish", article.status);
      // Back to a draft: the row shows the newest revision again, edits made since publication included.
      const draft = contentOf(await newestRevision(tx, id));
      const updated = await applyContentToArticle(tx, id, draft, { status: "DRAFT", publishAt: null, publishedRevisionId: null, pendingSlug: null });
      await recordAudit(tx, { actorId: this.viewer.id, action: "article.unpublished", entityType: "Article", entityId: id });
      await withdrawArticleSource(tx, article, { actorId: this.viewer.id, why: "was unpublished" });
      if (article.status === "PUBLISHED") {
        await enqueueWebhookEvent(tx, "article.unpublished", { id: globalId("Article", id), rowId: id, slug: article.slug, title: article.title });
      }
      return updated;
    });
    publicContentChanged();
    return article;
  }

  async archive(id: number): Promise<Article> {
    this.requireEditor("archive articles");
    const article = await this.transition(
      id,
      "archive",
      "article.archived",
      async () => ({ publishAt: null }),
      undefined,
      // After the row is ARCHIVED, so the stories the withdrawal contradicts are the other published ones.
      (tx, archived) => withdrawArticleSource(tx, archived, { actorId: this.viewer.id, why: "was archived" }),
    );
    publicContentChanged();
    return article;
  }

  /** `overrideStaleFacts`: publish although claims no longer hold (the editor's call, audited). */
  async publish(id: number, overrideStaleFacts = false): Promise<Article> {
    this.requireEditor("publish articles");
    const article = await this.transaction(async (tx) => {
      await this.lockForViewer(tx, id);
      return (await publishArticleInTransaction(tx, id, { actorId: this.viewer.id, now: new Date(), overrideStaleFacts }))!;
    });
    publicContentChanged();
    return article;
  }

  async revisions(articleId: number, args: ConnectionArgs): Promise<Connection<ArticleRevision>> {
    const article = await this.prisma.article.findUnique({ where: { id: articleId }, select: { authorId: true, deletedAt: true } });
    if (!article || article.deletedAt || (!this.isEditor() && article.authorId !== this.viewer.id)) {
      throw notFound(`No article with id ${globalId("Article", articleId)}.`, "articleId");
    }
    return findPage(
      args,
      revisionOrdering,
      { articleId },
      (query) => this.prisma.articleRevision.findMany(query as Prisma.ArticleRevisionFindManyArgs),
      (where) => this.prisma.articleRevision.count({ where }),
    );
  }

  /** The newest revision, for those who may see drafts of this article; null for everyone else. */
  /** Whether the viewer may read the article's editing state: editors and admins, and its author. */
  mayEdit(article: Article): boolean {
    const viewer = this.context.viewer;
    return viewer !== null && (canSeeUnpublished(viewer) || article.authorId === viewer.id);
  }

  async draftOf(article: Article): Promise<ArticleRevision | null> {
    if (!this.mayEdit(article)) return null;
    return this.context.scope
      .loader<number, ArticleRevision | null>("articles.newestRevision", async (ids) => {
        const rows = await this.prisma.articleRevision.findMany({
          where: { articleId: { in: [...ids] } },
          orderBy: [{ articleId: "asc" }, { number: "desc" }],
          distinct: ["articleId"],
        });
        const byArticle = new Map(rows.map((row) => [row.articleId, row]));
        return ids.map((id) => byArticle.get(id) ?? null);
      })
      .load(article.id);
  }

  /** IN_REVIEW → DRAFT by the writer who submitted it (editors send work back with requestChanges). */
  withdrawSubmission(id: number): Promise<Article> {
    return this.transition(id, "withdraw", "article.withdrawn", async (article) => {
      if (article.authorId !== this.viewer.id) throw forbidden("Only the author may withdraw a submission; editors use requestChanges.");
      return { submittedAt: null };
    });
  }

  /** ARCHIVED → DRAFT: the row shows the newest revision again; going live again is a publishArticle. */
  async unarchive(id: number): Promise<Article> {
    this.requireEditor("unarchive articles");
    return this.transaction(async (tx) => {
      const article = await this.lockForViewer(tx, id);
      assertTransition("unarchive", article.status);
      const draft = contentOf(await newestRevision(tx, id));
      const updated = await applyContentToArticle(tx, id, draft, { status: "DRAFT", publishAt: null, publishedRevisionId: null, pendingSlug: null });
      await recordAudit(tx, { actorId: this.viewer.id, action: "article.unarchived", entityType: "Article", entityId: id });
      return updated;
    });
  }

  /**
   * Soft-deletes a draft: hidden from every read and action until an editor restores it or the
   * purge job removes it. Writers delete their own drafts only (lockForViewer finds no other).
   */
  delete(id: number): Promise<Article> {
    return this.transition(id, "delete", "article.deleted", async () => ({ deletedAt: new Date(), publishAt: null }));
  }

  /** Brings a deleted draft back, as it was, while the retention period lasts. */
  async restoreDeleted(id: number): Promise<Article> {
    this.requireEditor("restore deleted articles");
    return this.transaction(async (tx) => {
      await this.lockForViewer(tx, id, { deleted: true });
      const updated = await tx.article.update({ where: { id }, data: { deletedAt: null } });
      await recordAudit(tx, { actorId: this.viewer.id, action: "article.restored", entityType: "Article", entityId: id });
      return updated;
    });
  }

  private async transition(
    id: number,
    action: Exclude<WorkflowAction, "publish" | "unpublish">,
    auditAction: string,
    extra: (article: ArticleRow, tx: Tx) => Promise<Record<string, unknown>>,
    details?: Record<string, string>,
    after?: (tx: Tx, updated: ArticleRow) => Promise<void>,
  ): Promise<Article> {
    return this.transaction(async (tx) => {
      const article = await this.lockForViewer(tx, id);
      const status = assertTransition(action, article.status);
      const data = await extra(article, tx);
      const updated = await tx.article.update({ where: { id }, data: { status, ...data } });
      await after?.(tx, updated);
      await recordAudit(tx, { actorId: this.viewer.id, action: auditAction, entityType: "Article", entityId: id, details });
      return updated;
    });
  }

  private assertEditable(article: ArticleRow): void {
    if (!EDITABLE_STATES.includes(article.status)) {
      throw invalidTransition(`An ${article.status} article cannot be edited.`, { action: "update", from: article.status });
    }
    if (!this.isEditor() && article.status !== "DRAFT") {
      throw forbidden("Writers may edit their own articles only while they are drafts.");
    }
  }

  /** Refuses an edit based on a version other than the newest, naming who saved in between. */
  private assertBaseVersion(article: ArticleRow, newest: { editorId: number | null; editorName: string | null; createdAt: Date }, baseVersion: number): void {
    if (article.version === baseVersion) return;
    const savedBy = newest.editorId !== null && newest.editorName !== null ? { id: globalId("Author", newest.editorId), name: newest.editorName } : null;
    throw conflict(
      `Article ${globalId("Article", article.id)} was saved by ${savedBy?.name ?? "someone else"} at ${newest.createdAt.toISOString()} ` +
        `(version ${article.version}); your edit was based on version ${baseVersion}. Reload, merge and save again.`,
      {
        field: "baseVersion",
        currentVersion: article.version,
        savedBy,
        savedAt: newest.createdAt.toISOString(),
      },
    );
  }

  private async saveRevision(
    tx: Tx,
    articleId: number,
    number: number,
    content: ArticleContent,
    changed: string[] | null,
    reason: "CREATE" | "UPDATE" | "RESTORE",
  ): Promise<void> {
    await insertRevision(tx, {
      articleId,
      number,
      content,
      changedFields: changed ?? changedFields(null, content),
      reason,
      editorId: this.viewer.id,
    });
  }

  private async resolveRenewal(tx: Tx, renewal: RenewalInput | undefined | null): Promise<RenewalContent> {
    if (!renewal) return { renewalShowId: null, verdict: null, seasonNumber: null, verdictAnnouncedAt: null, verdictSourceUrl: null };
    const showId = rowIdOf("Show", renewal.showId, "renewal.showId");
    const show = await tx.show.findUnique({
      where: { id: showId },
      select: { id: true, title: true, kind: true, seasons: { select: { number: true }, orderBy: { number: "desc" }, take: 1 } },
    });
    if (!show) throw badUserInput(`No show with id ${renewal.showId}.`, "renewal.showId");
    if (show.kind === "FILM") throw badUserInput(`${show.title} is a film: films are not renewed.`, "renewal.showId");
    // The next season is the one a renewal is about; further ahead is a typo. A show whose seasons
    // are not known yet (none recorded) is not checked.
    const lastSeason = show.seasons[0]?.number;
    if (lastSeason !== undefined && renewal.seasonNumber > lastSeason + 1) {
      throw badUserInput(
        `${show.title} has ${lastSeason} season(s): a renewal can be about season ${lastSeason + 1} at most.`,
        "renewal.seasonNumber",
      );
    }
    const announcedAt = renewal.announcedAt ?? null;
    if (!announcedAt) {
      const standing = await standingFor(tx, showId, renewal.seasonNumber);
      if (standing.status !== renewal.verdict) {
        throw badUserInput(
          `The verdict ${renewal.verdict} differs from the show's status for season ${renewal.seasonNumber} (${standing.status}): ` +
            "give the date the network announced it.",
          "renewal.announcedAt",
        );
      }
    }
    return {
      renewalShowId: showId,
      verdict: renewal.verdict,
      seasonNumber: renewal.seasonNumber,
      verdictAnnouncedAt: announcedAt,
      verdictSourceUrl: renewal.sourceUrl ?? null,
    };
  }

  private async resolveShowIds(tx: Tx, showIds: string[] | undefined, renewalShowId: number | null): Promise<number[]> {
    const ids = new Set((showIds ?? []).map((id) => rowIdOf("Show", id, "showIds")));
    if (renewalShowId) ids.add(renewalShowId);
    const found = await tx.show.findMany({ where: { id: { in: [...ids] } }, select: { id: true } });
    if (found.length !== ids.size) {
      const missing = [...ids].filter((id) => !found.some((show) => show.id === id));
      throw badUserInput(`No show with id ${missing.map((id) => globalId("Show", id)).join(", ")}.`, "showIds");
    }
    return [...ids].sort((a, b) => a - b);
  }

  /** Taken by another article's slug or alias, as far as the viewer can see (an article's own old slugs stay available to it). */
  private slugTaken(tx: Tx, slug: string, articleId: number | null): Promise<boolean> {
    return slugTakenFor(tx, this.viewer, slug, articleId);
  }

  /** The first free slug for a title; concurrent saves of the same title wait for each other here, so each gets its own. */
  private async freeSlugFromTitle(tx: Tx, title: string, articleId: number | null): Promise<string> {
    const base = slugFromTitle(title);
    await lockSlug(tx, base);
    return firstFreeSlug(base, (candidate) => this.slugTaken(tx, candidate, articleId));
  }

  /**
   * An edit's slug, claimed when the article already holds one publicly: a SCHEDULED article's row
   * takes it at once; a PUBLISHED article's pending edit reserves it (pendingSlug) until the next publish,
   * so no other article can be published under it first. Returns the row's new pendingSlug, if any.
   */
  private async claimSlugOfEdit(tx: Tx, article: ArticleRow, slug: string): Promise<{ pendingSlug?: string | null }> {
    if (article.status === "SCHEDULED" && slug !== article.slug) await assertPublicSlugFree(tx, article.id, slug);
    if (article.status !== "PUBLISHED") return {};
    if (slug === article.slug) return { pendingSlug: null };
    await assertPublicSlugFree(tx, article.id, slug);
    return { pendingSlug: slug };
  }

  private async claimExplicitSlug(tx: Tx, slug: string, articleId: number | null): Promise<string> {
    await lockSlug(tx, slug);
    if (await this.slugTaken(tx, slug, articleId)) {
      throw conflict(`The slug "${slug}" is already used by another article.`, { field: "slug" });
    }
    return slug;
  }
}
