#!/usr/bin/env node
import "reflect-metadata";
import { writeFile } from "node:fs/promises";
import { ConfigError, loadConfig, type Config } from "./config.js";
import { openDatabase, type Database } from "./db/database.js";
import { assertMigrationsApplied } from "./db/migration-status.js";
import { createMigration } from "./db/new-migration.js";
import { isDatabaseEmpty, seedDatabase } from "./db/seed.js";
import { createLogger } from "./logger.js";
import { buildApiSchema, printApiSchema } from "./schema.js";
import { startServer } from "./server.js";
import { startScheduledPublisher } from "./articles/scheduler.js";

const usage = `Usage: greenlight <command>
  start            serve the API (embedded database unless DATABASE_URL is set)
  migrate          apply pending migrations
  seed             load the seed data (safe to run twice)
  schema [FILE]    print the GraphQL schema (to FILE when given)
  new-migration NAME  write prisma/migrations/<time>_NAME from the changes to prisma/schema.prisma`;

async function withDatabase<T>(config: Config, migrate: boolean, work: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase(config.database, { migrate });
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

async function start(config: Config): Promise<void> {
  const logger = createLogger(config);
  const database = await openDatabase(config.database, { migrate: config.migrateOnStart });
  try {
    await assertMigrationsApplied(database.prisma);
    if (config.seedOnStart && (await isDatabaseEmpty(database.prisma))) {
      await seedDatabase(database.prisma);
      logger.info("Seeded an empty database");
    }
  } catch (error) {
    await database.close();
    throw error;
  }
  const server = await startServer(config, database, logger);
  const scheduler = config.scheduler.enabled
    ? startScheduledPublisher({ prisma: database.prisma, logger, intervalMs: config.scheduler.intervalMs })
    : null;

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "Shutting down");
    await server.stop();
    await scheduler?.stop();
    await database.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case "start":
      return start(loadConfig());
    case "migrate":
      return withDatabase(loadConfig(), true, async () => console.log("Migrations applied."));
    case "seed":
      return withDatabase(loadConfig(), false, async (database) => {
        await seedDatabase(database.prisma);
        console.log("Seed loaded.");
      });
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
