import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, adminEnv } from "../support/accounts.js";
import { graphql } from "../support/graphql.js";
import { startServerOnFreshDatabase } from "../support/server.js";

let server: Awaited<ReturnType<typeof startServerOnFreshDatabase>>;

beforeAll(async () => {
  server = await startServerOnFreshDatabase({
    ...adminEnv,
    SIGNIN_MAX_FAILURES_PER_ACCOUNT: "3",
    SIGNIN_MAX_PER_ADDRESS: "8",
    RATE_LIMIT_PER_MINUTE: "40",
  });
});
afterAll(async () => {
  await server?.close();
});

const SIGN_IN = `mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { token } }`;
const signIn = (email: string, password: string, headers: Record<string, string> = {}) =>
  graphql(server.url, SIGN_IN, { e: email, p: password }, headers);

describe("rate limits", () => {
  it("an account is held off at an address after repeated failures, even with the right password; then the address is too", async () => {
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      const wrong = await signIn(ADMIN.email, `wrong-password-number-${attempt}`);
      expect(wrong.body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    }
    const held = await signIn(ADMIN.email.toUpperCase(), ADMIN.password);
    expect(held.body.errors?.[0]?.extensions?.code, JSON.stringify(held.body)).toBe("RATE_LIMITED");
    expect(held.status).toBe(429);
    expect(held.body.errors?.[0]?.extensions).toMatchObject({ code: "RATE_LIMITED" });
    expect(held.body.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(0);
    expect(Number(held.headers.get("retry-after"))).toBeGreaterThan(0);

    // Four attempts so far counted for this address (the refused one too); four more are allowed,
    // whatever the account and whatever X-Forwarded-For claims (no proxy is trusted by default).
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const other = await signIn(`nobody${attempt}@tests.invalid`, "some-password-123", { "x-forwarded-for": `10.0.0.${attempt}` });
      expect(other.body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    }
    const address = await signIn("someone-else@tests.invalid", "some-password-123");
    expect(address.status).toBe(429);
    expect(address.body.errors?.[0]?.extensions?.code).toBe("RATE_LIMITED");
    expect(server.logs()).not.toContain("wrong-password-number");
    expect(server.logs()).not.toContain(ADMIN.password);
  });

  it("each client address gets RATE_LIMIT_PER_MINUTE requests; beyond, a 429 JSON error with Retry-After", async () => {
    const statuses: number[] = [];
    let refused: Response | undefined;
    for (let index = 0; index < 45; index += 1) {
      const response = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json" }, body: '{"query":"{ __typename }"}' });
      statuses.push(response.status);
      if (response.status === 429) refused ??= response;
      else await response.arrayBuffer();
    }
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThan(0);
    expect(Number(refused!.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await refused!.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe("RATE_LIMITED");
    // Liveness is not rate-limited.
    expect((await fetch(`${server.origin}/health`)).status).toBe(200);
  });
});

describe("rate limits shared through Redis", () => {
  it("two instances count one client's requests together", async () => {
    const prefix = `test-${randomUUID()}:`;
    const env = { REDIS_URL: "redis://127.0.0.1:6379", REDIS_KEY_PREFIX: prefix, RATE_LIMIT_PER_MINUTE: "10", RESPONSE_CACHE: "false" };
    const [a, b] = await Promise.all([startServerOnFreshDatabase(env), startServerOnFreshDatabase(env)]);
    try {
      const statuses: number[] = [];
      for (let index = 0; index < 14; index += 1) {
        const target = index % 2 ? b : a;
        const response = await fetch(target.url, { method: "POST", headers: { "content-type": "application/json" }, body: '{"query":"{ __typename }"}' });
        statuses.push(response.status);
        await response.arrayBuffer();
      }
      // Ten allowed in all, whichever instance answered; each alone would have allowed seven.
      expect(statuses.filter((status) => status === 200)).toHaveLength(10);
      expect(statuses.slice(10).every((status) => status === 429)).toBe(true);
    } finally {
      await Promise.all([a.close(), b.close()]);
      const redis = new Redis("redis://127.0.0.1:6379");
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    }
  });
});
