import { readReplicas } from "@prisma/extension-read-replicas";
import type pg from "pg";
import type { Logger } from "pino";
import { isDatabaseUnavailable } from "../common/errors.js";
import { createPrismaClientWithPool, type PoolTimeouts, type PrismaClient } from "./prisma.js";
import { startRecurringCheck, type RecurringCheck } from "../common/poller.js";

/**
 * Whether a replica takes reads: `healthy` is in rotation; the others are out until a poll finds it healthy.
 * `not_a_replica`: it answers but is not in recovery (promoted, or misconfigured), so it no longer follows the primary.
 */
export type ReplicaState = "unknown" | "healthy" | "lagging" | "unreachable" | "not_a_replica";

export interface ReplicaStatus {
  /** host:port/database of the replica, never its credentials: it is shown on /ready and /metrics. */
  replica: string;
  state: ReplicaState;
  /** How far behind the primary, as of the last poll; null until measured, or while it is unreachable. */
  lagMs: number | null;
}

interface Replica extends ReplicaStatus {
  prisma: PrismaClient;
  pool: pg.Pool;
  /** Reads it has served since start. */
  reads: number;
}

/** Primary positions kept for the lag estimate, at most (a long REPLICA_MAX_LAG_MS with a short poll interval). */
const MAX_SAMPLES = 5000;

/** A WAL position ("16/B374D848") as a number, to compare. */
function parseLsn(text: string): bigint {
  const [high, low] = text.split("/");
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}

/** What /ready and /metrics show of a replica URL: where it is, without user or password. */
function publicName(url: string): string {
  const parsed = new URL(url);
  return `${parsed.host}${parsed.pathname}`;
}

/**
 * The streaming replicas of DATABASE_READ_URLS: round-robin over the healthy ones, each polled in the
 * background for how far behind the primary it is.
 *
 * Lag: a replica whose replay position has reached the primary's current WAL position (read just before)
 * is 0 behind. Otherwise, the primary's position is sampled at each poll, and the replica is as far behind
 * as the oldest sampled position it has not replayed (so a replica only missing what was written since the
 * last poll counts as current, not a poll interval late), and never more than the age of the last
 * transaction it replayed (pg_last_xact_replay_timestamp). That timestamp alone would overstate the lag of a
 * replica of an idle primary: its last commit may be hours old while it is only one WAL record behind.
 */
export class ReplicaSet {
  private readonly replicas: Replica[];
  private next = 0;
  /** Reads that found no replica in rotation, or whose replica failed, and were served by the primary. */
  primaryFallbacks = 0;
  private samples: { at: number; lsn: bigint }[] = [];
  private loop: RecurringCheck | null = null;
  private logger: Logger | undefined;

  constructor(
    urls: string[],
    private readonly primaryPool: pg.Pool,
    private readonly options: {
      poolSize: number;
      timeouts: PoolTimeouts;
      countStatements?: boolean;
      maxLagMs: number;
      /** How long a poll statement may go unanswered before the replica counts as unreachable (0: no limit). */
      probeTimeoutMs: number;
    },
  ) {
    this.replicas = urls.map((url) => {
      const { prisma, pool } = createPrismaClientWithPool({
        url,
        poolSize: options.poolSize,
        timeouts: options.timeouts,
        countStatements: options.countStatements,
      });
      return { replica: publicName(url), state: "unknown", lagMs: null, prisma, pool, reads: 0 };
    });
  }

  status(): (ReplicaStatus & { reads: number })[] {
    return this.replicas.map(({ replica, state, lagMs, reads }) => ({ replica, state, lagMs, reads }));
  }

  /** The next healthy replica, round-robin; null when none is in rotation. */
  pick(): Replica | null {
    for (let tried = 0; tried < this.replicas.length; tried += 1) {
      const candidate = this.replicas[this.next]!;
      this.next = (this.next + 1) % this.replicas.length;
      if (candidate.state === "healthy") return candidate;
    }
    return null;
  }

  /**
   * A client like `primary` whose reads (findMany, count, ... outside transactions) go to a replica, through
   * Prisma's read-replica extension; writes, transactions and raw statements stay on the primary, and
   * `$primary()` gives the primary for a read that must be fresh. The extension picks its replica at random
   * and knows no health, so it is given one replica that is this set: each read asks `pick()` for a healthy
   * one, falls back to the primary when none is, and is retried on the primary if its replica fails under
   * it (reads are safe to repeat; the replica stays out until a poll finds it healthy).
   */
  routingClient(primary: PrismaClient): PrismaClient {
    type Runner = (client: PrismaClient) => Promise<unknown>;
    const router = new Proxy(
      {},
      {
        get: (_target, name) => {
          if (typeof name !== "string") return undefined;
          // Raw reads reach the router through `$replica()` (see rawReads below), never through the extension.
          if (name === "$queryRaw" || name === "$queryRawUnsafe") {
            return (...args: unknown[]) => this.read(primary, (client) => (client[name] as (...a: unknown[]) => Promise<unknown>)(...args));
          }
          // The extension names models as in the schema ("Show"); the client's delegates are camelCase.
          const delegate = name.charAt(0).toLowerCase() + name.slice(1);
          return new Proxy(
            {},
            {
              get: (_inner, operation) => (args: unknown) =>
                this.read(primary, ((client) =>
                  (client as unknown as Record<string, Record<string, (args: unknown) => Promise<unknown>>>)[delegate]![String(operation)]!(args)) as Runner),
            },
          );
        },
      },
    );
    // The extended client has the same model API; the context and services keep their PrismaClient type.
    return primary.$extends(readReplicas({ replicas: [router as never] })) as unknown as PrismaClient;
  }

  private read(primary: PrismaClient, run: (client: PrismaClient) => Promise<unknown>): Promise<unknown> {
    return this.route((replica) => run(replica.prisma), () => run(primary));
  }

  /** A read-only statement on a healthy replica's pool, with the same fallback to the primary's (the compiled reads). */
  readQuery(config: pg.QueryConfig): Promise<pg.QueryResult> {
    return this.route((replica) => replica.pool.query(config), () => this.primaryPool.query(config));
  }

  private async route<T>(onReplica: (replica: Replica) => Promise<T>, onPrimary: () => Promise<T>): Promise<T> {
    const replica = this.pick();
    if (!replica) {
      this.primaryFallbacks += 1;
      return onPrimary();
    }
    try {
      const result = await onReplica(replica);
      replica.reads += 1;
      return result;
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      this.markUnreachable(replica, error);
      this.primaryFallbacks += 1;
      return onPrimary();
    }
  }

  private markUnreachable(replica: Replica, error: unknown): void {
    if (replica.state !== "unreachable") this.logger?.warn({ replica: replica.replica, reason: (error as Error).message }, "Replica unreachable: out of rotation");
    replica.state = "unreachable";
    replica.lagMs = null;
  }

  /** Polls now, then every `intervalMs`, in the background (the serving process only; CLI commands never read replicas). */
  async start(intervalMs: number, logger: Logger): Promise<void> {
    this.logger = logger;
    this.loop = await startRecurringCheck(() => this.poll(), intervalMs);
  }

  async stop(): Promise<void> {
    await this.loop?.stop();
  }

  private query(pool: pg.Pool, text: string): Promise<pg.QueryResult> {
    // pg honours query_timeout per query (its types only list it for clients); on timeout the pool drops the connection.
    return pool.query({ text, ...(this.options.probeTimeoutMs ? { query_timeout: this.options.probeTimeoutMs } : {}) } as pg.QueryConfig);
  }

  private async poll(): Promise<void> {
    let primaryLsn: bigint | null = null;
    try {
      const { rows } = await this.query(this.primaryPool, "SELECT pg_current_wal_lsn()::text AS lsn");
      primaryLsn = parseLsn(rows[0].lsn);
      const now = Date.now();
      this.samples.push({ at: now, lsn: primaryLsn });
      // Older positions than the lag bound (and one to spare) are never needed: a replica behind them is lagging anyway.
      const keepFrom = now - this.options.maxLagMs * 2;
      while (this.samples.length > 2 && (this.samples[1]!.at < keepFrom || this.samples.length > MAX_SAMPLES)) this.samples.shift();
    } catch {
      // The primary is not answering: lag cannot be measured, so the replicas keep their last state
      // (a reachable replica may go on serving reads the primary cannot).
    }
    await Promise.all(this.replicas.map((replica) => this.pollReplica(replica, primaryLsn)));
  }

  private async pollReplica(replica: Replica, primaryLsn: bigint | null): Promise<void> {
    const before = replica.state;
    try {
      const { rows } = await this.query(
        replica.pool,
        `SELECT pg_is_in_recovery() AS recovery, pg_last_wal_replay_lsn()::text AS replayed,
                (extract(epoch FROM now() - pg_last_xact_replay_timestamp()) * 1000)::float8 AS "replayAgeMs"`,
      );
      const row = rows[0] as { recovery: boolean; replayed: string | null; replayAgeMs: number | null };
      if (!row.recovery || row.replayed === null) {
        replica.state = "not_a_replica";
        replica.lagMs = null;
      } else if (primaryLsn !== null) {
        replica.lagMs = Math.round(this.lagMs(parseLsn(row.replayed), primaryLsn, row.replayAgeMs));
        replica.state = replica.lagMs > this.options.maxLagMs ? "lagging" : "healthy";
      } else if (replica.state === "unknown" || replica.state === "unreachable") {
        // Answering again, but with the primary silent its lag is unknown: it stays out for now.
        replica.state = "unknown";
      }
    } catch (error) {
      replica.state = "unreachable";
      replica.lagMs = null;
      if (before !== "unreachable") this.logger?.warn({ replica: replica.replica, reason: (error as Error).message }, "Replica unreachable: out of rotation");
      return;
    }
    if (before !== replica.state) this.logger?.info({ replica: replica.replica, state: replica.state, lagMs: replica.lagMs }, "Replica state changed");
  }

  private lagMs(replayed: bigint, primaryLsn: bigint, replayAgeMs: number | null): number {
    if (replayed >= primaryLsn) return 0;
    // The oldest sampled primary position it has not replayed (the sample just taken, at least): what it lacks
    // was written after the sample before that one, so it is about this far behind (under by less than a poll).
    const now = Date.now();
    const firstMissing = this.samples.find((sample) => sample.lsn > replayed);
    const sampled = firstMissing ? now - firstMissing.at : 0;
    return Math.max(0, Math.min(sampled, replayAgeMs ?? Number.POSITIVE_INFINITY));
  }

  async close(): Promise<void> {
    await this.stop();
    await Promise.all(this.replicas.map(async ({ prisma, pool }) => {
      await prisma.$disconnect();
      await pool.end().catch(() => {});
    }));
  }
}
