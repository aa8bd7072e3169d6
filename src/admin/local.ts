import { basename } from "node:path";
import type { Config } from "../config.js";
import { openDatabase } from "../db/database.js";
import { createLogger } from "../logger.js";
import { connectRedis } from "../db/redis.js";
import { ResponseCache } from "../common/response-cache.js";
import type { AdminCommand } from "./command-schema.js";
import { prepareDatabase, runAdminCommand } from "./commands.js";

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

/** Runs a CLI command in this process, on a database prepared exactly as `start` prepares it. */
export async function runLocally(config: Config, command: AdminCommand, attach?: (content: string) => void): Promise<void> {
  const logger = createLogger(config);
  const database = await openDatabase(config.database, { migrate: command.name === "migrate" || config.migrateOnStart });
  try {
    // `migrate` only migrates; `seed` loads the seed itself.
    if (command.name !== "migrate") await prepareDatabase(database, config, logger, { seedWhenEmpty: command.name !== "seed" });
    // Running servers share their response cache through Redis: new figures must reach readers at once.
    const redis = (command.name === "import-top10" || command.name === "import:metadata") && config.redis ? await connectRedis(config.redis.url, logger) : null;
    const stopInvalidating = redis
      ? new ResponseCache(redis, `${config.redis!.keyPrefix}responses:`, config.cache.maxAgeSeconds, logger).listen()
      : undefined;
    try {
      await runAdminCommand(database, config, command, (line) => console.log(line), (file) => progressBar(basename(file)), attach);
    } finally {
      stopInvalidating?.();
      await redis?.quit();
    }
  } finally {
    await database.close();
  }
}

