#!/usr/bin/env node
import "reflect-metadata";
import cluster from "node:cluster";
import { readFile, writeFile } from "node:fs/promises";
import { basename } from "node:path";
import { importTop10 } from "./charts/import/importer.js";
import { parseArgs } from "node:util";
import { MIN_PASSWORD_LENGTH } from "./auth/password.js";
import { createUserAccount, ensureBootstrapAdmin } from "./auth/user.service.js";
import { ConfigError, loadConfig, type Config } from "./config.js";
import { openDatabase, type Database } from "./db/database.js";
import { assertMigrationsApplied } from "./db/migration-status.js";
import { createMigration } from "./db/new-migration.js";
import { isDatabaseEmpty, seedDatabase } from "./db/seed.js";
import { createLogger } from "./logger.js";
import type { Logger } from "pino";
import { buildApiSchema, printApiSchema } from "./schema.js";
import { startServer } from "./server.js";
import { connectRedis } from "./db/redis.js";
import { ResponseCache } from "./common/response-cache.js";
import { startScheduledPublisher } from "./articles/scheduler.js";
import { WebhookAddressPolicy } from "./webhooks/address-policy.js";
import { startDeletedArticlePurge } from "./articles/purge.js";
import { startWebhookDispatcher } from "./webhooks/dispatcher.js";

const usage = `Usage: greenlight <command>
  start            serve the API (embedded database unless DATABASE_URL is set)
  migrate          apply pending migrations
  seed             load the seed data (safe to run twice)
  schema [FILE]    print the GraphQL schema (to FILE when given)
  import-top10 [--allow-older] FILE...
                   import Netflix Top 10 TSV files (global or per-country); a file older than the
                   data held only fills gaps unless --allow-older
  user:create --email E --password P --role ADMIN|EDITOR|WRITER [--name N]
  new-migration NAME  write prisma/migrations/<time>_NAME from the changes to prisma/schema.prisma`;

async function withDatabase<T>(config: Config, migrate: boolean, work: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase(config.database, { migrate });
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

/** What a database needs before it is served: migrations checked, the first admin, the seed when empty. */
async function prepareDatabase(database: Database, config: Config, logger: Logger): Promise<void> {
  await assertMigrationsApplied(database.prisma);
  // The configured admin first: the development seed's own admin must not stand in for it.
  if (config.auth.bootstrapAdmin && (await ensureBootstrapAdmin(database.prisma, config.auth.bootstrapAdmin))) {
    logger.info({ email: config.auth.bootstrapAdmin.email }, "Created the first admin from ADMIN_EMAIL");
  }
  if (config.seedOnStart && (await isDatabaseEmpty(database.prisma))) {
    await seedDatabase(database.prisma, { developmentUsers: config.mode === "development" });
    logger.info("Seeded an empty database");
  }
}

async function start(config: Config): Promise<void> {
  const logger = createLogger(config);
  if (config.workers > 1 && cluster.isPrimary) return startWorkers(config, logger);
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

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "Shutting down");
    await server.stop();
    await scheduler?.stop();
    await purge?.stop();
    await webhooks?.stop();
    await database.close();
    redis?.disconnect();
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
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

/** A one-line progress bar on a terminal; silent when output is piped. */
function progressBar(label: string) {
  if (!process.stderr.isTTY) return undefined;
  return (_stage: string, done: number, total: number) => {
    const width = 30;
    const filled = Math.round((done / total) * width);
    process.stderr.write(`\r${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total}`);
    if (done === total) process.stderr.write("\n");
  };
}

function parseUserArguments(args: string[]) {
  const { values } = parseArgs({
    args,
    options: { email: { type: "string" }, password: { type: "string" }, role: { type: "string" }, name: { type: "string" } },
    strict: true,
  });
  const role = values.role?.toUpperCase();
  if (!values.email || !/^[^@\s]+@[^@\s]+$/.test(values.email)) throw new Error("--email must be an email address");
  if (!values.password || values.password.length < MIN_PASSWORD_LENGTH) {
    throw new Error(`--password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  if (role !== "ADMIN" && role !== "EDITOR" && role !== "WRITER") throw new Error("--role must be ADMIN, EDITOR or WRITER");
  return { email: values.email, password: values.password, role, name: values.name ?? values.email.split("@")[0]! } as const;
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case "start":
      return start(loadConfig());
    case "migrate":
      return withDatabase(loadConfig(), true, async () => console.log("Migrations applied."));
    case "seed":
    {
      const config = loadConfig();
      return withDatabase(config, false, async (database) => {
        await seedDatabase(database.prisma, { developmentUsers: config.mode === "development" });
        console.log("Seed loaded.");
      });
    }
    case "import-top10": {
      const config = loadConfig();
      return withDatabase(config, false, async (database) => {
        const allowOlder = rest.includes("--allow-older");
        const files = rest.filter((argument) => argument !== "--allow-older");
        if (files.length === 0) throw new Error("Give one or more Top 10 TSV files.");
        // Running servers share their response cache through Redis: new figures must reach readers at once.
        const logger = createLogger(config);
        const redis = config.redis ? await connectRedis(config.redis.url, logger) : null;
        const stopInvalidating = redis
          ? new ResponseCache(redis, `${config.redis!.keyPrefix}responses:`, config.cache.maxAgeSeconds, logger).listen()
          : undefined;
        for (const file of files) {
          const started = Date.now();
          const summary = await importTop10(database.prisma, await readFile(file, "utf8"), {
            file,
            actorId: null,
            onProgress: progressBar(basename(file)),
            allowOlder,
          });
          for (const warning of summary.warnings) console.warn(`warning: ${warning}`);
          const seconds = (Date.now() - started) / 1000;
          console.log(
            `${file}: ${summary.rowsRead} rows read (${summary.format}), ${summary.created} created, ` +
              `${summary.updated} updated, ${summary.unchanged} unchanged; ${summary.showsCreated} shows and ` +
              `${summary.seasonsCreated} seasons created, ${summary.showsRemoved} emptied shows removed; ${seconds.toFixed(1)} s (${Math.round(summary.rowsRead / seconds)} rows/s)`,
          );
        }
        stopInvalidating?.();
        await redis?.quit();
      });
    }
    case "user:create": {
      const account = parseUserArguments(rest);
      return withDatabase(loadConfig(), false, async (database) => {
        const user = await createUserAccount(database.prisma, account, null);
        console.log(`Created ${user.role} ${user.email} (id ${user.id}).`);
      });
    }
    case "schema": {
      const sdl = printApiSchema(await buildApiSchema());
      if (rest[0]) await writeFile(rest[0], sdl);
      else process.stdout.write(sdl);
      return;
    }
    case "new-migration": {
      const folder = await createMigration(rest[0] ?? "");
      console.log(folder ? `Wrote prisma/migrations/${folder}/migration.sql` : "prisma/schema.prisma has no changes to migrate.");
      return;
    }
    default:
      console.error(usage);
      process.exitCode = command ? 2 : 0;
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
  process.exit(1);
});
