import { setTimeout } from "node:timers/promises";
import type { NextFunction, Request, Response } from "express";
import { GraphQLError } from "graphql";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";

export interface RateLimitSettings {
  /** Requests per minute per client address on /graphql; 0 turns the limit off. */
  requestsPerMinute: number;
  /** Sign-in attempts per client address per 10 minutes. */
  signInsPerAddress: number;
  /** Sign-in attempts per account from one address per 15 minutes; beyond, that pair is refused and the account as a whole slowed. */
  signInFailuresPerAccount: number;
  /** Longest delay an account's attempts get once past the limit (it doubles up to this). */
  signInMaxDelayMs: number;
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

/**
 * Holds off password guessing without handing anyone a way to lock others out (OWASP's
 * authentication cheat sheet):
 * - every attempt counts against its client address;
 * - attempts count against the (account, address) pair, which is refused outright once over its
 *   limit: a guesser at one address is stopped, the real user at another is not;
 * - attempts count against the account as a whole too, but beyond the limit they are only slowed,
 *   by a delay that doubles with each one up to `maxDelayMs`: guessing from many addresses gets
 *   slow, and the real user still gets in.
 * Each attempt is consumed (atomically, in Redis or in memory) before its password is verified, so
 * concurrent attempts cannot all be checked against a count none of them has raised yet; a
 * successful sign-in gives the account's and the pair's attempts back.
 */
export class SignInGuard {
  private readonly byAddress: RateLimiterAbstract;
  private readonly byPair: RateLimiterAbstract;
  private readonly byAccount: RateLimiterAbstract;
  private readonly freeAttempts: number;
  private readonly maxDelayMs: number;

  constructor(
    redis: Redis | null,
    prefix: string,
    settings: RateLimitSettings,
    private readonly logger: Logger,
  ) {
    this.byAddress = limiter(redis, `${prefix}signin-address`, settings.signInsPerAddress, 600);
    this.byPair = limiter(redis, `${prefix}signin-pair`, settings.signInFailuresPerAccount, 900);
    // Never refuses (its points are out of reach): it only counts, and the count sets the delay.
    this.byAccount = limiter(redis, `${prefix}signin-account`, Number.MAX_SAFE_INTEGER, 900);
    this.freeAttempts = settings.signInFailuresPerAccount;
    this.maxDelayMs = settings.signInMaxDelayMs;
  }

  /**
   * Counts an attempt on `account` from `address`, to be made before its password is checked:
   * refuses it when the address or the pair is over its limit, and waits out the account's delay.
   */
  async attempt(account: string, address: string): Promise<void> {
    await consumeOrRefuse(this.byAddress, address, "Too many sign-in attempts; try again later.");
    await consumeOrRefuse(this.byPair, pairKey(account, address), "Too many failed sign-ins for this account; try again later.");
    const { consumedPoints } = await this.byAccount.consume(account);
    const excess = consumedPoints - this.freeAttempts;
    if (excess <= 0) return;
    const delayMs = Math.min(this.maxDelayMs, BASE_DELAY_MS * 2 ** Math.min(excess - 1, 30));
    this.logger.warn({ delayMs, attemptsOnAccount: consumedPoints }, "Sign-in slowed: many recent attempts on this account");
    await setTimeout(delayMs);
  }

  async succeeded(account: string, address: string): Promise<void> {
    await Promise.all([this.byPair.delete(pairKey(account, address)), this.byAccount.delete(account)]);
  }
}

/** The first delay once an account is past its free attempts; it doubles with each attempt after. */
const BASE_DELAY_MS = 250;

const pairKey = (account: string, address: string) => `${address} ${account}`;

async function consumeOrRefuse(limit: RateLimiterAbstract, key: string, message: string): Promise<void> {
  try {
    await limit.consume(key);
  } catch (error) {
    if (error instanceof RateLimiterRes) throw rateLimited(message, error.msBeforeNext / 1000);
    throw error;
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
