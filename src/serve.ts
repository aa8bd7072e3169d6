import cluster from "node:cluster";
import { setFlagsFromString } from "node:v8";
import type { Logger } from "pino";
import { prepareDatabase, runAdminCommand } from "./admin/commands.js";
import { startAdminChannel } from "./admin/channel.js";
import type { Config } from "./config.js";
import { openDatabase } from "./db/database.js";
import { createLogger } from "./logger.js";
import { startServer } from "./server.js";
import { connectRedis } from "./db/redis.js";
import { startScheduledPublisher } from "./articles/scheduler.js";
import { startWebhookDispatcher } from "./webhooks/dispatcher.js";
import { WebhookAddressPolicy } from "./webhooks/address-policy.js";
import { startDeletedArticlePurge } from "./articles/purge.js";

/** `greenlight start`: loaded by cli.ts only for this command, so the other commands start fast. */
export async function start(config: Config): Promise<void> {
  const logger = createLogger(config);
  limitHeapGrowth(config.heapGrowthPercent);
  if (config.workers > 1 && cluster.isPrimary) return startWorkers(config, logger);
  // Listened for before anything starts: a SIGTERM that arrives while the server is starting, or just
  // after it says it is serving (an orchestrator's, a test's), stops it gracefully once it is up,
  // instead of Node's default of dying mid-start with no exit code.
  const signalled = new Promise<string>((resolve) => {
    process.on("SIGTERM", () => resolve("SIGTERM"));
    process.on("SIGINT", () => resolve("SIGINT"));
  });
  logger.info({ database: config.database.kind }, "Greenlight is starting");
  // A worker's database was prepared by the primary, once for all workers.
  const prepared = cluster.isWorker;
  const database = await openDatabase(config.database, {
    migrate: config.migrateOnStart && !prepared,
    countStatements: config.exposeStatementCount,
    queryPlanCacheSize: config.queryPlanCacheSize,
  });
  try {
    if (!prepared) await prepareDatabase(database, config, logger);
  } catch (error) {
    await database.close();
    throw error;
  }
  const redis = config.redis ? await connectRedis(config.redis.url, logger) : null;
  // Open before the server says it is serving, so a CLI command from then on finds it.
  const adminChannel =
    config.database.kind === "embedded"
      ? await startAdminChannel({
          dataDir: config.database.dataDir,
          logger,
          run: (command, print, attach) => runAdminCommand(database, config, command, print, undefined, attach),
        })
      : null;
  const server = await startServer(config, database, logger, redis);
  const scheduler = config.scheduler.enabled
    ? startScheduledPublisher({ prisma: database.prisma, logger, intervalMs: config.scheduler.intervalMs })
    : null;
  const purge = config.scheduler.enabled
    ? startDeletedArticlePurge({
        prisma: database.prisma,
        logger,
        intervalMs: config.scheduler.intervalMs,
        retentionSeconds: config.scheduler.deletedArticleRetentionSeconds,
      })
    : null;
  const webhooks = config.webhooks.enabled
    ? startWebhookDispatcher({ prisma: database.prisma, logger, ...config.webhooks, addressPolicy: new WebhookAddressPolicy(config.webhooks.allowedHosts) })
    : null;

  const shutdown = async (signal: string) => {
    logger.info({ signal }, "Shutting down");
    await adminChannel?.stop();
    await server.stop();
    await scheduler?.stop();
    await purge?.stop();
    await webhooks?.stop();
    await database.close();
    redis?.disconnect();
    process.exit(0);
  };
  void signalled.then(shutdown);
}

/**
 * WORKERS > 1: prepares the database once, then forks the workers, which share the port. Every
 * part of a worker is already safe beside other instances (jobs claim their work in the database,
 * caches and rate limits live in Redis). SIGTERM stops the workers gracefully; a worker that dies
 * on its own takes the others down, so the supervisor (systemd, Docker, Kubernetes) restarts a whole
 * server rather than one that silently lost capacity.
 */
async function startWorkers(config: Config, logger: Logger): Promise<void> {
  const database = await openDatabase(config.database, { migrate: config.migrateOnStart });
  try {
    await prepareDatabase(database, config, logger);
  } finally {
    await database.close();
  }
  const running = new Set<number>();
  let stopping = false;
  let exitCode = 0;
  const stopAll = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
  };
  cluster.on("exit", (worker, code, signal) => {
    running.delete(worker.id);
    if (!stopping) {
      logger.error({ pid: worker.process.pid, code, signal }, "A worker stopped unexpectedly; stopping the others");
      exitCode = 1;
      stopAll();
    } else if (code !== 0) {
      exitCode = 1;
    }
    if (running.size === 0) process.exit(exitCode);
  });
  for (let index = 0; index < config.workers; index += 1) running.add(cluster.fork().id);
  logger.info({ workers: config.workers }, "Started the workers");
  process.on("SIGTERM", stopAll);
  process.on("SIGINT", stopAll);
}

/**
 * A server's live heap is small (about 50 MB after a full GC under the benchmark's reads) but its
 * garbage is plentiful: with V8's default growing factor the old generation reached ~150 MB between
 * major collections and the process 275 MB resident, measured under Q4. At 30% it stays under 200 MB
 * (bench/README Performance). The factor is read at every major GC, so setting it once the process
 * is running applies to the whole heap; each worker sets its own.
 */
function limitHeapGrowth(percent: number): void {
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
}
