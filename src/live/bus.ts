import { EventEmitter, on } from "node:events";
import type { Redis } from "ioredis";
import pg from "pg";
import type { Logger } from "pino";
import { committedChanges, type CommittedChange } from "../common/audit.js";
import { EditingPresence } from "./presence.js";

/** PostgreSQL's channel for live changes (NOTIFY reaches the listeners of the same database only). */
const PG_CHANNEL = "greenlight_live";

/**
 * Committed changes, delivered to every instance's subscribers. Each instance publishes the changes
 * it committed on one channel and delivers what it receives from it (its own included, so every
 * change reaches everyone exactly once): Redis pub/sub when REDIS_URL is set, else PostgreSQL's
 * LISTEN/NOTIFY on a server database (instances or WORKERS sharing it need nothing more); on the
 * embedded engine, which belongs to one process, in-process. Messages carry ids and verbs only
 * (CommittedChange): each subscriber re-reads with its own permissions, so nothing readable travels.
 */
export class LiveBus {
  private readonly local = new EventEmitter<{ change: [CommittedChange] }>();
  private stopping: Array<() => void> = [];
  /** Who is editing what, kept from the announcements every instance makes on this bus. */
  readonly presence = new EditingPresence();

  private constructor(private readonly logger: Logger) {
    // Every subscription listens here: many at once is the normal case, not a leak.
    this.local.setMaxListeners(0);
    this.local.on("change", (change) => this.presence.apply(change));
  }

  /**
   * Tells every instance (this one included) of a change that is not a database write, such as
   * someone opening an article for editing: it travels like a committed change.
   */
  announce(change: CommittedChange): void {
    committedChanges.emit("committed", [change]);
  }

  static async start(transport: { redis: Redis | null; channel: string; postgres: { url: string; pool: pg.Pool } | null }, logger: Logger): Promise<LiveBus> {
    const { redis, channel, postgres } = transport;
    const bus = new LiveBus(logger);
    if (!redis && postgres) {
      await bus.listenInPostgres(postgres.url);
      bus.follow((changes) => {
        for (const change of changes) {
          // After the commit, on any pooled connection: NOTIFY is delivered to every listener of the database.
          postgres.pool.query("SELECT pg_notify($1, $2)", [PG_CHANNEL, JSON.stringify(change)]).catch((error: unknown) => {
            logger.warn({ err: error }, "Live updates: could not notify through PostgreSQL; delivered on this instance only");
            bus.deliver(change);
          });
        }
      });
      return bus;
    }
    if (!redis) {
      bus.follow((changes) => changes.forEach((change) => bus.deliver(change)));
      return bus;
    }
    // A connection in subscriber mode can do nothing else, hence a second one.
    const subscriber = redis.duplicate({ enableOfflineQueue: true });
    subscriber.on("error", () => {});
    subscriber.on("message", (_channel: string, message: string) => {
      const change = parseChange(message);
      if (change) bus.deliver(change);
    });
    await subscriber.subscribe(channel).catch((error: unknown) => logger.warn({ err: error }, "Live updates: could not subscribe in Redis"));
    bus.stopping.push(() => subscriber.disconnect());
    bus.follow((changes) => {
      for (const change of changes) {
        redis.publish(channel, JSON.stringify(change)).catch((error: unknown) => {
          // Redis down: at least this instance's subscribers hear it.
          logger.warn({ err: error }, "Live updates: could not publish in Redis; delivered on this instance only");
          bus.deliver(change);
        });
      }
    });
    return bus;
  }

  /** Every change from now on, until the signal aborts (a subscription ending). */
  changes(signal: AbortSignal): AsyncIterable<CommittedChange> {
    const events = on(this.local, "change", { signal }) as AsyncIterableIterator<[CommittedChange]>;
    return (async function* () {
      try {
        for await (const [change] of events) yield change;
      } catch (error) {
        if ((error as Error).name !== "AbortError") throw error;
      }
    })();
  }

  /** Calls `listener` for each change (used by the WebSocket server to notice revocations). */
  onChange(listener: (change: CommittedChange) => void): () => void {
    this.local.on("change", listener);
    return () => this.local.off("change", listener);
  }

  stop(): void {
    for (const stop of this.stopping.splice(0)) stop();
  }

  /** A connection of its own that LISTENs (a pooled one cannot); reopened if the server drops it. */
  private async listenInPostgres(url: string): Promise<void> {
    let stopped = false;
    let client: pg.Client | null = null;
    // Reported once per outage, not at every attempt.
    let reported = false;
    const report = (error: unknown, message: string) => {
      if (!reported) this.logger.warn({ err: error }, message);
      reported = true;
    };
    const open = async (): Promise<void> => {
      // A bounded connect: a server start must not hang on a black-holed network path.
      const next = new pg.Client({ connectionString: url, keepAlive: true, connectionTimeoutMillis: 5000 });
      next.on("notification", (message) => {
        const change = message.payload ? parseChange(message.payload) : null;
        if (change) this.deliver(change);
      });
      const reopen = () => {
        if (stopped || client !== next) return;
        client = null;
        void next.end().catch(() => {});
        setTimeout(() => void open().catch(() => reopen()), 1000).unref();
      };
      next.on("error", (error) => {
        report(error, "Live updates: the LISTEN connection failed; reopening it");
        reopen();
      });
      next.on("end", reopen);
      client = next;
      try {
        await next.connect();
        await next.query(`LISTEN ${PG_CHANNEL}`);
        if (reported) this.logger.info("Live updates: listening in PostgreSQL again");
        reported = false;
      } catch (error) {
        report(error, "Live updates: could not LISTEN in PostgreSQL; retrying");
        reopen();
      }
    };
    await open();
    this.stopping.push(() => {
      stopped = true;
      void client?.end().catch(() => {});
    });
  }

  private follow(forward: (changes: CommittedChange[]) => void): void {
    committedChanges.on("committed", forward);
    this.stopping.push(() => committedChanges.off("committed", forward));
  }

  private deliver(change: CommittedChange): void {
    try {
      this.local.emit("change", change);
    } catch (error) {
      this.logger.error({ err: error }, "Live updates: a listener failed");
    }
  }
}

function parseChange(message: string): CommittedChange | null {
  try {
    const value = JSON.parse(message) as CommittedChange;
    if (typeof value.action === "string" && typeof value.entityType === "string" && Number.isSafeInteger(value.entityId)) {
      const actorId = Number.isSafeInteger(value.actorId) ? value.actorId : null;
      return { action: value.action, entityType: value.entityType, entityId: value.entityId, actorId };
    }
  } catch {}
  return null;
}
