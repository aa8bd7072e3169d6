#!/usr/bin/env node
import "reflect-metadata";
import cluster from "node:cluster";
import { readFile, writeFile } from "node:fs/promises";
import { basename } from "node:path";
import { parseArgs } from "node:util";
import { adminCommandSchema, prepareDatabase, runAdminCommand, type AdminCommand } from "./admin/commands.js";
import { sendToRunningServer, startAdminChannel } from "./admin/channel.js";
import { ConfigError, loadConfig, type Config } from "./config.js";
import { openDatabase } from "./db/database.js";
import { createMigration } from "./db/new-migration.js";
import { createLogger } from "./logger.js";
import type { Logger } from "pino";
import { buildApiSchema, printApiSchema } from "./schema.js";
import { startServer } from "./server.js";
import { connectRedis } from "./db/redis.js";
import { ResponseCache } from "./common/response-cache.js";
import { startScheduledPublisher } from "./articles/scheduler.js";
import { startWebhookDispatcher } from "./webhooks/dispatcher.js";

const usage = `Usage: greenlight <command>
  start            serve the API (embedded database unless DATABASE_URL is set)
  migrate          apply pending migrations
  seed             load the seed data (safe to run twice)
  schema [FILE]    print the GraphQL schema (to FILE when given)
  import-top10 FILE...   import Netflix Top 10 TSV files (global or per-country)
  user:create --email E --password P --role ADMIN|EDITOR|WRITER [--name N]
  user:password --email E --password P   set a user's password (its earlier tokens stop working)
  new-migration NAME  write prisma/migrations/<time>_NAME from the changes to prisma/schema.prisma`;

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
  // Open before the server says it is serving, so a CLI command from then on finds it.
  const adminChannel =
    config.database.kind === "embedded"
      ? await startAdminChannel({
          dataDir: config.database.dataDir,
          logger,
          run: (command, print) => runAdminCommand(database, config, command, print),
        })
      : null;
  const server = await startServer(config, database, logger, redis);
  const scheduler = config.scheduler.enabled
    ? startScheduledPublisher({ prisma: database.prisma, logger, intervalMs: config.scheduler.intervalMs })
    : null;
  const webhooks = config.webhooks.enabled ? startWebhookDispatcher({ prisma: database.prisma, logger, ...config.webhooks }) : null;

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "Shutting down");
    await adminChannel?.stop();
    await server.stop();
    await scheduler?.stop();
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

/** A command's arguments as the admin command it stands for; a usage mistake throws a one-line message. */
async function parseCommand(command: string, args: string[]): Promise<AdminCommand> {
  const options = { email: { type: "string" }, password: { type: "string" }, role: { type: "string" }, name: { type: "string" } } as const;
  const parsed = await (async () => {
    switch (command) {
      case "import-top10":
        if (args.length === 0) throw new Error("Give one or more Top 10 TSV files.");
        return { name: command, files: await Promise.all(args.map(async (file) => ({ file, text: await readFile(file, "utf8") }))) };
      case "user:create": {
        const { values } = parseArgs({ args, options, strict: true });
        const account = { email: values.email, password: values.password, role: values.role?.toUpperCase(), name: values.name };
        return { name: command, account: { ...account, name: account.name ?? account.email?.split("@")[0] } };
      }
      case "user:password": {
        const { values } = parseArgs({ args, options: { email: options.email, password: options.password }, strict: true });
        return { name: command, ...values };
      }
      default:
        return { name: command };
    }
  })();
  const checked = adminCommandSchema.safeParse(parsed);
  if (!checked.success) throw new Error(checked.error.issues.map((issue) => issue.message).join("; "));
  return checked.data;
}

/**
 * A database command: sent to the server holding the embedded database when one runs, otherwise run
 * here on a database prepared exactly as `start` prepares it (migrated and seeded when embedded).
 */
async function runDatabaseCommand(config: Config, command: AdminCommand): Promise<void> {
  if (config.database.kind === "embedded") {
    const result = await sendToRunningServer(config.database.dataDir, command);
    if (result) {
      for (const line of result.lines) (result.ok ? console.log : console.error)(line);
      if (!result.ok) process.exitCode = 1;
      return;
    }
  }
  const logger = createLogger(config);
  const database = await openDatabase(config.database, { migrate: command.name === "migrate" || config.migrateOnStart });
  try {
    // `migrate` only migrates; `seed` loads the seed itself.
    if (command.name !== "migrate") await prepareDatabase(database, config, logger, { seedWhenEmpty: command.name !== "seed" });
    // Running servers share their response cache through Redis: new figures must reach readers at once.
    const redis = command.name === "import-top10" && config.redis ? await connectRedis(config.redis.url, logger) : null;
    const stopInvalidating = redis
      ? new ResponseCache(redis, `${config.redis!.keyPrefix}responses:`, config.cache.maxAgeSeconds, logger).listen()
      : undefined;
    try {
      await runAdminCommand(database, config, command, (line) => console.log(line), (file) => progressBar(basename(file)));
    } finally {
      stopInvalidating?.();
      await redis?.quit();
    }
  } finally {
    await database.close();
  }
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case "start":
      return start(loadConfig());
    case "migrate":
    case "seed":
    case "import-top10":
    case "user:create":
    case "user:password":
      return runDatabaseCommand(loadConfig(), await parseCommand(command, rest));
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
