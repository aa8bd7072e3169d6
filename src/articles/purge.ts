import type { Logger } from "pino";
import { recordAudit } from "../common/audit.js";
import { startPoller, type Poller } from "../common/poller.js";
import type { PrismaClient } from "../db/prisma.js";

/**
 * Removes deleted drafts for good once their retention has passed (revisions, show links and slug
 * aliases go with them by cascade; the audit log keeps who deleted and when). Each batch is one
 * transaction, so several instances running it at once purge each article once.
 */
export function startDeletedArticlePurge(options: {
  prisma: PrismaClient;
  logger: Logger;
  intervalMs: number;
  retentionSeconds: number;
}): Poller {
  const { prisma, logger } = options;
  return startPoller({
    name: "deleted-article-purge",
    intervalMs: options.intervalMs,
    logger,
    runImmediately: true,
    work: () =>
      prisma.$transaction(async (tx) => {
        // The cutoff is computed in SQL: a statement whose text and parameters never change reuses its
        // compiled Prisma plan (db/query-plans.ts) instead of compiling one on every run.
        const due = await tx.$queryRaw<{ id: number }[]>`
          SELECT id FROM "Article"
          WHERE "deletedAt" <= (now() AT TIME ZONE 'UTC') - ${options.retentionSeconds}::int * interval '1 second'
          ORDER BY id LIMIT 100 FOR UPDATE SKIP LOCKED`;
        if (due.length === 0) return 0;
        const ids = due.map((row) => row.id);
        await tx.article.deleteMany({ where: { id: { in: ids } } });
        for (const id of ids) await recordAudit(tx, { actorId: null, action: "article.purged", entityType: "Article", entityId: id });
        logger.info({ articleIds: ids }, "Purged deleted articles");
        return ids.length;
      }),
  });
}
