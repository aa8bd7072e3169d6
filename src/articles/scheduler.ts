import { GraphQLError } from "graphql";
import type { Logger } from "pino";
import { recordAudit } from "../common/audit.js";
import { startPoller, type Poller } from "../common/poller.js";
import type { PrismaClient } from "../db/prisma.js";
import { publicContentChanged } from "../common/public-content.js";
import { publishArticleInTransaction } from "./publish.js";

/** `runOnce` publishes every due article now and returns how many. */
export type ScheduledPublisher = Poller;

/**
 * Publishes SCHEDULED articles when they fall due. The database is the queue: each due article is
 * claimed with FOR UPDATE SKIP LOCKED inside the transaction that publishes it, so several server
 * instances never publish the same article twice, and an article due while every server was down
 * is published by the first one back. The publish step itself is idempotent.
 */
export function startScheduledPublisher(options: {
  prisma: PrismaClient;
  logger: Logger;
  intervalMs: number;
}): ScheduledPublisher {
  const { prisma, logger } = options;

  async function publishNextDue(): Promise<boolean> {
    let dueId: number | null = null;
    try {
      const found = await prisma.$transaction(
        async (tx) => {
          const [due] = await tx.$queryRaw<{ id: number }[]>`
            SELECT id FROM "Article"
            WHERE status = 'SCHEDULED' AND "publishAt" <= (now() AT TIME ZONE 'UTC')
            ORDER BY "publishAt", id
            LIMIT 1
            FOR UPDATE SKIP LOCKED`;
          if (!due) return false;
          dueId = due.id;
          const published = await publishArticleInTransaction(tx, due.id, { actorId: null, now: new Date(), onlyIfScheduled: true });
          if (published) logger.info({ articleId: due.id, slug: published.slug }, "Published a scheduled article");
          else logger.info({ articleId: due.id }, "A scheduled article was not published when due");
          return true;
        },
        { timeout: 15_000, maxWait: 10_000 },
      );
      if (found) publicContentChanged();
      return found;
    } catch (error) {
      // A refusal (say, its slug was taken meanwhile) would repeat forever and hold up every article behind
      // it: hand it back to the editors instead. The failed transaction left nothing behind. Other errors
      // are retried.
      if (dueId === null || !(error instanceof GraphQLError)) throw error;
      await returnToDraft(dueId, error.message);
      return true;
    }
  }

  async function returnToDraft(articleId: number, reason: string): Promise<void> {
    await prisma.$transaction(async (tx) => {
      const { count } = await tx.article.updateMany({
        where: { id: articleId, status: "SCHEDULED" },
        data: { status: "DRAFT", publishAt: null, reviewNote: `Scheduled publishing failed: ${reason}` },
      });
      // Another instance that met the same refusal got here first: one hand-back, one audit entry.
      if (count === 0) return;
      await recordAudit(tx, {
        actorId: null,
        action: "article.schedule_failed",
        entityType: "Article",
        entityId: articleId,
        details: { reason },
      });
    });
    logger.warn({ articleId, reason }, "A scheduled article could not be published and is a draft again");
  }

  return startPoller({
    name: "scheduled-publishing",
    intervalMs: options.intervalMs,
    logger,
    runImmediately: true,
    async work(isStopped) {
      let count = 0;
      while (!isStopped() && (await publishNextDue())) count += 1;
      return count;
    },
  });
}
