import type { NextFunction, Request, Response } from "express";
import { GraphQLError } from "graphql";
import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";

export interface RateLimitSettings {
  /** Requests per minute per client address on /graphql; 0 turns the limit off. */
  requestsPerMinute: number;
  /** Sign-in attempts per client address per 10 minutes. */
  signInsPerAddress: number;
  /** Failed sign-ins per account per 15 minutes before the account is held off. */
  signInFailuresPerAccount: number;
}

/**
 * A counter per key, in Redis when configured (so every instance shares it) and in memory
 * otherwise; should Redis fail, each instance falls back to its own memory counter rather than
 * letting every request through.
 */
function limiter(redis: Redis | null, keyPrefix: string, points: number, duration: number): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ keyPrefix, points, duration });
  return redis ? new RateLimiterRedis({ storeClient: redis, keyPrefix, points, duration, insuranceLimiter: memory }) : memory;
}

export function rateLimited(message: string, retryAfterSeconds: number): GraphQLError {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return new GraphQLError(message, {
    extensions: { code: "RATE_LIMITED", retryAfterSeconds: seconds, http: { status: 429, headers: new Map([["retry-after", String(seconds)]]) } },
  });
}

/** Holds off password guessing: per client address for every attempt, per account for failures. */
export class SignInGuard {
  private readonly byAddress: RateLimiterAbstract;
  private readonly byAccount: RateLimiterAbstract;

  constructor(redis: Redis | null, prefix: string, settings: RateLimitSettings) {
    this.byAddress = limiter(redis, `${prefix}signin-address`, settings.signInsPerAddress, 600);
    this.byAccount = limiter(redis, `${prefix}signin-account`, settings.signInFailuresPerAccount, 900);
  }

  /** Counts an attempt from `address`; refuses it when that address, or the account, is over its limit. */
  async attempt(account: string, address: string): Promise<void> {
    const held = await this.byAccount.get(account);
    if (held && held.consumedPoints >= this.byAccount.points) {
      throw rateLimited("Too many failed sign-ins for this account; try again later.", held.msBeforeNext / 1000);
    }
    try {
      await this.byAddress.consume(address);
    } catch (error) {
      if (error instanceof RateLimiterRes) throw rateLimited("Too many sign-in attempts; try again later.", error.msBeforeNext / 1000);
      throw error;
    }
  }

  async failed(account: string): Promise<void> {
    await this.byAccount.consume(account).catch((error: unknown) => {
      if (!(error instanceof RateLimiterRes)) throw error;
    });
  }

  async succeeded(account: string): Promise<void> {
    await this.byAccount.delete(account);
  }
}

/** Express middleware: at most `requestsPerMinute` requests per client address, answered 429 beyond. */
export function requestRateLimit(redis: Redis | null, prefix: string, requestsPerMinute: number) {
  const perAddress = limiter(redis, `${prefix}requests`, requestsPerMinute, 60);
  return async (request: Request, response: Response, next: NextFunction): Promise<void> => {
    try {
      await perAddress.consume(request.ip ?? "unknown");
      next();
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) return next(error);
      const seconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      response
        .status(429)
        .setHeader("retry-after", String(seconds))
        .json({ errors: [{ message: "Too many requests; slow down.", extensions: { code: "RATE_LIMITED", retryAfterSeconds: seconds } }] });
    }
  };
}
