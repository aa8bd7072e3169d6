import { createHash } from "node:crypto";
import type { ApolloServerPlugin, GraphQLRequestContext } from "@apollo/server";
import type { FormattedExecutionResult } from "graphql";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { RequestContext } from "./context.js";
import { onPublicContentChange } from "./public-content.js";

interface CachedAnswer {
  /** The cache generation the answer was computed in. */
  g: string;
  r: FormattedExecutionResult;
}

/**
 * Whole responses to anonymous queries, shared by every instance through Redis.
 *
 * Invalidation is by generation: every entry records the generation current when its request
 * started, and any change to public data starts a new one (one INCR, seen at once by every
 * instance). Reading the generation and the entry is one MGET, so a hit costs one round trip;
 * an answer computed while a publish commits carries the old generation and is never served
 * after it. Redis failures are misses: the cache can only make the service faster, never down.
 */
export class ResponseCache {
  private readonly generationKey: string;
  private failing = false;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlSeconds: number,
    private readonly logger: Logger,
  ) {
    this.generationKey = `${prefix}generation`;
  }

  /** Starts a new generation whenever public data changes; returns the unsubscribe function. */
  listen(): () => void {
    return onPublicContentChange(() => {
      this.invalidate().catch((error: unknown) => this.logger.warn({ err: error }, "Could not invalidate the response cache"));
    });
  }

  async invalidate(): Promise<void> {
    await this.redis.incr(this.generationKey);
  }

  plugin(): ApolloServerPlugin<RequestContext> {
    // Arrow functions keep `this`; per request, remember the key and generation read at the start.
    return {
      requestDidStart: async () => {
        let pending: { key: string; generation: string } | null = null;
        return {
          responseForOperation: async (request) => {
            if (!this.cacheable(request)) return null;
            const key = this.keyOf(request);
            const read = await this.read(key);
            if (!read) return null;
            if (read.hit) {
              request.response.http.headers.set("x-cache", "HIT");
              return { http: request.response.http, body: { kind: "single", singleResult: read.hit } };
            }
            pending = { key, generation: read.generation };
            return null;
          },
          willSendResponse: async ({ response }) => {
            if (!pending) return;
            response.http.headers.set("x-cache", "MISS");
            if (response.body.kind !== "single" || response.body.singleResult.errors?.length) return;
            const answer: CachedAnswer = { g: pending.generation, r: response.body.singleResult };
            await this.redis
              .set(pending.key, JSON.stringify(answer), "EX", this.ttlSeconds)
              .catch((error: unknown) => this.noteFailure(error));
          },
        };
      },
    };
  }

  private cacheable(request: GraphQLRequestContext<RequestContext>): boolean {
    return request.operation?.operation === "query" && request.contextValue.viewer === null;
  }

  private keyOf(request: GraphQLRequestContext<RequestContext>): string {
    const identity = JSON.stringify([request.queryHash, request.request.operationName ?? null, request.request.variables ?? {}]);
    return `${this.prefix}answer:${createHash("sha256").update(identity).digest("hex")}`;
  }

  private async read(key: string): Promise<{ generation: string; hit: FormattedExecutionResult | null } | null> {
    try {
      const [generation, stored] = await this.redis.mget(this.generationKey, key);
      this.failing = false;
      const current = generation ?? "0";
      const answer = stored ? (JSON.parse(stored) as CachedAnswer) : null;
      return { generation: current, hit: answer && answer.g === current ? answer.r : null };
    } catch (error) {
      this.noteFailure(error);
      return null;
    }
  }

  /** Logs the first failure of an outage, not one line per request. */
  private noteFailure(error: unknown): void {
    if (!this.failing) this.logger.warn({ err: error }, "Response cache unavailable; answering uncached");
    this.failing = true;
  }
}
