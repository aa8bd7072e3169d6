import type { Redis } from "ioredis";
import type { Logger } from "pino";

/** Users remembered per process when there is no Redis: beyond this, the oldest marks are dropped first. */
const MAX_LOCAL_MARKS = 10_000;

/**
 * Who wrote recently: after a signed-in user's mutation, their reads go to the primary for `windowMs`, so
 * they see their own writes however far a replica lags.
 *
 * Kept in Redis (key "<prefix>ryw:<user id>", expiring by itself after the window) so it holds across
 * instances and workers: a user whose next request lands on another instance still reads from the primary.
 * A signed marker the response sets (a cookie or header) would also cross instances, but API clients send
 * only their bearer token back, so it would need every client to echo it. Without Redis the marks are kept
 * per process, which is exact for one instance. If Redis does not answer, reads go to the primary: a
 * missed mark would show a user stale data, a spurious one only costs the primary a read.
 */
export class ReadYourWrites {
  private readonly local = new Map<number, number>();

  constructor(
    private readonly redis: Redis | null,
    private readonly keyPrefix: string,
    private readonly windowMs: number,
    private readonly logger: Logger,
  ) {}

  get enabled(): boolean {
    return this.windowMs > 0;
  }

  private key(userId: number): string {
    return `${this.keyPrefix}ryw:${userId}`;
  }

  async noteWrite(userId: number): Promise<void> {
    if (!this.enabled) return;
    this.local.delete(userId);
    this.local.set(userId, Date.now() + this.windowMs);
    if (this.local.size > MAX_LOCAL_MARKS) this.local.delete(this.local.keys().next().value!);
    if (!this.redis) return;
    await this.redis.set(this.key(userId), "1", "PX", this.windowMs).catch((error: unknown) => {
      this.logger.warn({ err: error }, "Read-your-writes mark not stored in Redis (kept by this instance only)");
    });
  }

  async wroteRecently(userId: number): Promise<boolean> {
    if (!this.enabled) return false;
    const until = this.local.get(userId);
    if (until !== undefined) {
      if (until > Date.now()) return true;
      this.local.delete(userId);
    }
    if (!this.redis) return false;
    try {
      return (await this.redis.exists(this.key(userId))) === 1;
    } catch {
      return true;
    }
  }
}
