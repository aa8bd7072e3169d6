import { mkdir, open, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { unaccent } from "@electric-sql/pglite/contrib/unaccent";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { isRunning } from "../common/process.js";

export interface EmbeddedPostgres {
  /** A loopback connection URL that Prisma, pg and the Prisma CLI can all use. */
  url: string;
  stop(): Promise<void>;
}

/**
 * Runs PostgreSQL in-process (PGlite) and serves it on a loopback port, so the embedded
 * default speaks the same dialect and runs the same migrations as a production server.
 * `dataDir` undefined keeps the database in memory.
 */
export async function startEmbeddedPostgres(options: {
  dataDir?: string;
  maxConnections: number;
}): Promise<EmbeddedPostgres> {
  let unlock = async () => {};
  if (options.dataDir) {
    await mkdir(options.dataDir, { recursive: true });
    unlock = await lockDataDir(options.dataDir);
  }
  // unaccent: search folds accents with it (see the search_folds_accents migration), as on a server.
  const db = await PGlite.create(options.dataDir, { extensions: { unaccent } }).catch(async (error: unknown) => {
    await unlock();
    throw error;
  });
  const server = new PGLiteSocketServer({
    db,
    host: "127.0.0.1",
    port: 0,
    // The server multiplexes connections onto PGlite's single session, keeping each transaction whole.
    maxConnections: options.maxConnections,
  });
  await server.start();
  const address = server.getServerConn();
  return {
    url: `postgresql://postgres:postgres@${address}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      await db.close();
      await unlock();
    },
  };
}

/**
 * One process per data folder: a second PGlite on the same files loses the first one's writes
 * without a word. A lock file names the owner; a lock left by a dead process is taken over.
 */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const lockPath = join(dataDir, "greenlight.lock");
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const handle = await open(lockPath, "wx");
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number((await readFile(lockPath, "utf8").catch(() => "")).trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isRunning(owner)) {
        throw new Error(
          `The embedded database in ${dataDir} is in use by process ${owner}. ` +
            "If that is a Greenlight server still starting, run the command again once it is serving: " +
            "CLI commands then go through it. Otherwise stop that process, or use a PostgreSQL server " +
            "(DATABASE_URL) that any number of processes can share.",
        );
      }
      await rm(lockPath, { force: true });
    }
  }
  throw new Error(`Could not lock the embedded database in ${dataDir}.`);
}
