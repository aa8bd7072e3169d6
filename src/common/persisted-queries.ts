import type { ApolloServerPlugin } from "@apollo/server";
import type { KeyValueCache } from "@apollo/utils.keyvaluecache";
import type { Redis } from "ioredis";
import { LRUCache } from "lru-cache";
import type { Logger } from "pino";

export interface PersistedQueryLimits {
  /** Queries kept at most; registering one more drops the oldest. */
  maxEntries: number;
  /** Longer query texts are answered but never kept. */
  maxQueryBytes: number;
  ttlSeconds: number;
}

/** Apollo prefixes the keys it reads from a persisted-query cache with this; registrations use the same keys. */
const apolloKey = (hash: string) => `apq:${hash}`;

/**
 * Keeps the entry, indexes it by registration time, and drops expired and surplus entries, in one
 * step so concurrent registrations from several instances cannot push the total past the bound.
 * KEYS: entry, index. ARGV: query, ttl seconds, now ms, max entries.
 */
const REGISTER_SCRIPT = `
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], KEYS[1])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', tonumber(ARGV[3]) - tonumber(ARGV[2]) * 1000)
local surplus = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[4])
if surplus > 0 then
  local oldest = redis.call('ZRANGE', KEYS[2], 0, surplus - 1)
  redis.call('ZREMRANGEBYRANK', KEYS[2], 0, surplus - 1)
  redis.call('DEL', unpack(oldest))
end
redis.call('EXPIRE', KEYS[2], ARGV[2])
return surplus`;

/**
 * Automatic persisted queries, bounded: Apollo reads through this store, but registers nothing
 * itself (its `set` happens before execution, so a query that then fails would be kept). The
 * plugin registers a query only once its operation has run without errors, only if it is at most
 * `maxQueryBytes` long, for `ttlSeconds`, and at most `maxEntries` of them: the store can never
 * hold more than maxEntries × maxQueryBytes, in Redis (under its own keys, so it neither evicts
 * nor crowds out other data, with or without maxmemory) or in this process's memory.
 */
export class PersistedQueryStore implements KeyValueCache<string> {
  private readonly memory: LRUCache<string, string> | null;

  constructor(
    private readonly redis: Redis | null,
    private readonly prefix: string,
    private readonly limits: PersistedQueryLimits,
    private readonly logger: Logger,
  ) {
    this.memory = redis ? null : new LRUCache({ max: limits.maxEntries, ttl: limits.ttlSeconds * 1000 });
  }

  async get(key: string): Promise<string | undefined> {
    if (this.memory) return this.memory.get(key);
    // A Redis failure is a miss: the client sends its query again, which works without the store.
    return (await this.redis!.get(this.prefix + key).catch(() => null)) ?? undefined;
  }

  /** Apollo's own registration, before execution: ignored (see the class comment). */
  async set(): Promise<void> {}

  async delete(key: string): Promise<boolean> {
    if (this.memory) return this.memory.delete(key);
    return (await this.redis!.del(this.prefix + key)) > 0;
  }

  async register(hash: string, query: string): Promise<void> {
    if (Buffer.byteLength(query) > this.limits.maxQueryBytes) return;
    const key = apolloKey(hash);
    if (this.memory) {
      this.memory.set(key, query);
      return;
    }
    await this.redis!.eval(REGISTER_SCRIPT, 2, this.prefix + key, `${this.prefix}apq-index`, query, this.limits.ttlSeconds, Date.now(), this.limits.maxEntries).catch(
      (error: unknown) => this.logger.warn({ reason: (error as Error).message }, "Could not register a persisted query"),
    );
  }

  /** Registers a persisted query sent with its text once its operation has been answered without errors. */
  plugin(): ApolloServerPlugin {
    return {
      requestDidStart: async () => ({
        willSendResponse: async ({ request, response, metrics }) => {
          const hash = request.extensions?.persistedQuery?.sha256Hash;
          // persistedQueryRegister: Apollo checked that the hash is the query's.
          if (!metrics.persistedQueryRegister || typeof hash !== "string" || request.query === undefined) return;
          if (response.body.kind !== "single" || response.body.singleResult.errors?.length) return;
          await this.register(hash, request.query);
        },
      }),
    };
  }
}
