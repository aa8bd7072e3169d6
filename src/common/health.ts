import type pg from "pg";
import type { Logger } from "pino";
import type { Database } from "../db/database.js";
import { appliedMigrations, shippedMigrations } from "../db/migration-status.js";
import { startRecurringCheck, type RecurringCheck } from "./poller.js";

export type Readiness =
  | { status: "ready" }
  | { status: "migrations pending"; pending: string[] }
  | { status: "database unreachable" };

export interface HealthSnapshot {
  readiness: Readiness;
  /** Work waiting for the background jobs, as of the last successful check. */
  queues: { scheduledArticlesDue: number; webhookDeliveriesPending: number };
  checkedAt: Date | null;
}

/**
 * Checks the database on an interval, in the background, so /ready and /metrics answer from the last
 * result and never query per request: probes and scrapers, however many or hostile, cost the
 * database nothing, and they still answer at once while the database does not.
 */
export class HealthMonitor {
  private snapshot: HealthSnapshot = {
    readiness: { status: "database unreachable" },
    queues: { scheduledArticlesDue: 0, webhookDeliveriesPending: 0 },
    checkedAt: null,
  };
  private loop: RecurringCheck | null = null;

  constructor(
    private readonly database: Database,
    private readonly options: {
      intervalMs: number;
      /**
       * How long the first probe statement may go unanswered (0: no limit). Shorter than request statements'
       * timeout, so /ready turns 503 soon into a network black hole rather than after a long statement's time.
       */
      probeTimeoutMs: number;
    },
    private readonly logger: Logger,
  ) {}

  current(): HealthSnapshot {
    return this.snapshot;
  }

  /** Runs the first check (so the first probe already has an answer), then one per interval. */
  async start(): Promise<void> {
    this.loop = await startRecurringCheck(() => this.check(), this.options.intervalMs);
  }

  async stop(): Promise<void> {
    await this.loop?.stop();
  }

  private async check(): Promise<void> {
    const { prisma } = this.database;
    const wasUnreachable = this.snapshot.checkedAt !== null && this.snapshot.readiness.status === "database unreachable";
    try {
      const probe = { text: "SELECT 1", ...(this.options.probeTimeoutMs ? { query_timeout: this.options.probeTimeoutMs } : {}) };
      // pg honours query_timeout per query (its types only list it for clients); on timeout the pool drops the connection.
      await this.database.pool.query(probe as pg.QueryConfig);
      const applied = new Set(await appliedMigrations(prisma));
      const pending = (await shippedMigrations()).filter((name) => !applied.has(name));
      if (pending.length) {
        // The job tables may not exist yet: their depths wait for the migrations.
        this.snapshot = { ...this.snapshot, readiness: { status: "migrations pending", pending }, checkedAt: new Date() };
        return;
      }
      const [row] = await prisma.$queryRaw<{ due: number; pending: number }[]>`
        SELECT (SELECT count(*)::int FROM "Article" WHERE status = 'SCHEDULED' AND "publishAt" <= (now() AT TIME ZONE 'UTC')) AS due,
               (SELECT count(*)::int FROM "WebhookDelivery" WHERE status = 'PENDING') AS pending`;
      this.snapshot = {
        readiness: { status: "ready" },
        queues: { scheduledArticlesDue: row?.due ?? 0, webhookDeliveriesPending: row?.pending ?? 0 },
        checkedAt: new Date(),
      };
      if (wasUnreachable) this.logger.info("Health check: database reachable again");
    } catch (error) {
      if (!wasUnreachable) this.logger.warn({ reason: (error as Error).message }, "Health check: database unreachable");
      this.snapshot = { ...this.snapshot, readiness: { status: "database unreachable" }, checkedAt: new Date() };
    }
  }
}
