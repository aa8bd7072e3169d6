import { Redis } from "ioredis";
import type { Logger } from "pino";

/**
 * Connects to Redis for the shared caches. Commands fail fast while Redis is unreachable (no
 * offline queue, one retry) so a cache outage never stalls requests; ioredis keeps reconnecting.
 */
export async function connectRedis(url: string, logger: Logger): Promise<Redis> {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  let reported = false;
  redis.on("error", (error) => {
    if (!reported) logger.warn({ err: error }, "Redis unavailable; shared caches are off until it is back");
    reported = true;
  });
  redis.on("ready", () => {
    if (reported) logger.info("Redis is back");
    reported = false;
  });
  // Serve at once either way; an unreachable Redis only means no shared cache yet.
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 2000);
    redis.once("ready", () => {
      clearTimeout(timer);
      resolve();
    });
  });
  return redis;
}
