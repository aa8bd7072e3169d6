import { EventEmitter, on } from "node:events";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import { committedChanges, type CommittedChange } from "../common/audit.js";

/**
 * Committed changes, delivered to every instance's subscribers. With Redis, each instance publishes
 * the changes it committed on one channel and delivers what it receives from it (its own included,
 * so every change reaches everyone exactly once); without Redis (one instance, as on the embedded
 * engine), in-process. Messages carry ids and verbs only (CommittedChange): each subscriber re-reads
 * with its own permissions, so nothing readable travels through Redis.
 */
export class LiveBus {
  private readonly local = new EventEmitter<{ change: [CommittedChange] }>();
  private stopping: Array<() => void> = [];

  private constructor(private readonly logger: Logger) {
    // Every subscription listens here: many at once is the normal case, not a leak.
    this.local.setMaxListeners(0);
  }

  static async start(redis: Redis | null, channel: string, logger: Logger): Promise<LiveBus> {
    const bus = new LiveBus(logger);
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
      return { action: value.action, entityType: value.entityType, entityId: value.entityId };
    }
  } catch {}
  return null;
}
