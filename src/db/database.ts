import type { Config } from "../config.js";
import { startEmbeddedPostgres } from "./embedded.js";
import { migrateDatabase } from "./migrate.js";
import { hasPendingMigrations } from "./migration-status.js";
import type pg from "pg";
import { announcingCommits } from "../common/audit.js";
import { createPrismaClientWithPool, type PrismaClient } from "./prisma.js";
import { memoizeQueryPlans } from "./query-plans.js";
import { preparedReader, servePreparedReads } from "./prepared-reads.js";
import { ReplicaSet } from "./replicas.js";

/** How long closing waits for connections to say goodbye. */
const POOL_END_WAIT_MS = 2000;

export interface Database {
  /** The primary: writes, transactions, and every read that must be fresh. */
  prisma: PrismaClient;
  /**
   * For read-only operations: its reads go to a healthy replica of DATABASE_READ_URLS (its writes still to
   * the primary); without replicas, the primary client itself.
   */
  reads: PrismaClient;
  /** The replicas and their health; null without DATABASE_READ_URLS. Polling starts with the server. */
  replicas: ReplicaSet | null;
  /** The connection pool under Prisma, for metrics. */
  pool: pg.Pool;
  /** Connection URL of the database in use (the loopback URL when embedded). */
  url: string;
  embedded: boolean;
  close(): Promise<void>;
}

/** Opens the configured database: an external PostgreSQL server, or the embedded one. */
export async function openDatabase(
  database: Config["database"],
  options: { migrate: boolean; countStatements?: boolean; queryPlanCacheSize?: number },
): Promise<Database> {
  const embedded =
    database.kind === "embedded"
      ? // One more than the pool, so a migration process that is still closing never locks the app out.
        await startEmbeddedPostgres({ dataDir: database.dataDir, maxConnections: database.poolSize + 1 })
      : undefined;
  const url = embedded?.url ?? (database.kind === "external" ? database.url : "");
  try {
    // Prisma Migrate takes seconds to start even with nothing to do: asked only when a migration is pending.
    if (options.migrate && (await hasPendingMigrations(url))) await migrateDatabase(url);
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  await memoizeQueryPlans(options.queryPlanCacheSize ?? 0);
  // The embedded engine is in-process and has one connection that long imports hold for seconds:
  // waiting for it is normal there, and there is no network path to lose; a server is another matter.
  const timeouts =
    database.kind === "external"
      ? { connectTimeoutMs: database.connectTimeoutMs, queryTimeoutMs: database.queryTimeoutMs, statementTimeoutMs: database.statementTimeoutMs, network: true }
      : { connectTimeoutMs: 0, queryTimeoutMs: 0, statementTimeoutMs: 0, network: false };
  const { prisma, pool } = createPrismaClientWithPool({
    url,
    poolSize: database.poolSize,
    timeouts,
    countStatements: options.countStatements,
  });
  const replicas =
    database.kind === "external" && database.readUrls.length > 0
      ? new ReplicaSet(database.readUrls, pool, {
          poolSize: database.poolSize,
          timeouts,
          countStatements: options.countStatements,
          maxLagMs: database.replicaMaxLagMs,
          probeTimeoutMs: database.connectTimeoutMs,
        })
      : null;
  // Audited changes are announced once committed (common/audit.ts): what live updates follow. Queries, which
  // audit nothing, read through the replicas when there are any.
  const announcing = announcingCommits(prisma);
  const reads = replicas ? replicas.routingClient(prisma) : announcing;
  // The compiled reads run on the pool under the client a request reads through (prepared-reads.ts).
  const counting = { countStatements: options.countStatements };
  servePreparedReads(announcing, preparedReader((config) => pool.query(config), counting));
  if (replicas) servePreparedReads(reads, preparedReader((config) => replicas.readQuery(config), counting));
  return {
    prisma: announcing,
    reads,
    replicas,
    pool,
    url,
    embedded: embedded !== undefined,
    async close() {
      await replicas?.stop();
      await prisma.$disconnect();
      // Ending a connection waits for the server's goodbye, which never comes over a black-holed network:
      // shutdown must finish anyway (the process exit then drops the sockets).
      await Promise.race([Promise.all([pool.end().catch(() => {}), replicas?.close()]), new Promise((resolve) => setTimeout(resolve, POOL_END_WAIT_MS).unref())]);
      await embedded?.stop();
    },
  };
}
