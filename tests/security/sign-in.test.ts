import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, adminEnv } from "../support/accounts.js";
import { graphql } from "../support/graphql.js";
import { startServerOnFreshDatabase } from "../support/server.js";

const SIGN_IN = `mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { token } }`;
const REDIS_URL = "redis://127.0.0.1:6379";

describe.each([
  { store: "memory", env: {} as Record<string, string> },
  { store: "Redis", env: { REDIS_URL, RESPONSE_CACHE: "false" } as Record<string, string> },
])("sign-in limits ($store)", ({ env }) => {
  let server: Awaited<ReturnType<typeof startServerOnFreshDatabase>>;
  const prefix = `test-${randomUUID()}:`;

  beforeAll(async () => {
    server = await startServerOnFreshDatabase({
      ...adminEnv,
      ...env,
      REDIS_KEY_PREFIX: prefix,
      // The client address comes from X-Forwarded-For, so one test process can be many clients.
      TRUST_PROXY: "true",
      SIGNIN_MAX_FAILURES_PER_ACCOUNT: "10",
      SIGNIN_MAX_DELAY_MS: "200",
    });
  });
  afterAll(async () => {
    await server?.close();
    if (!env.REDIS_URL) return;
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  const signIn = (email: string, password: string, address: string) =>
    graphql(server.url, SIGN_IN, { e: email, p: password }, { "x-forwarded-for": address });
  const codes = (results: Awaited<ReturnType<typeof signIn>>[]) => results.map((result) => result.body.errors?.[0]?.extensions?.code ?? "OK");

  it("25 concurrent wrong passwords for one account: exactly the limit of 10 are checked", async () => {
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, index) => signIn("raced@tests.invalid", `wrong-password-${index}`, "10.7.0.1")),
    );
    const outcome = codes(results);
    expect(outcome.filter((code) => code === "UNAUTHENTICATED")).toHaveLength(10);
    expect(outcome.filter((code) => code === "RATE_LIMITED")).toHaveLength(15);
  });

  it("failures from other addresses cannot keep the real user out: they hold off their own pair and only slow the account", async () => {
    const wrong = (address: string, count: number) =>
      Promise.all(Array.from({ length: count }, (_, index) => signIn(ADMIN.email, `guess-${address}-${index}`, address))).then(codes);

    // One address's ten guesses stop that address for this account, even with the right password ...
    expect(await wrong("10.8.0.1", 10)).toEqual(Array(10).fill("UNAUTHENTICATED"));
    expect(codes([await signIn(ADMIN.email, ADMIN.password, "10.8.0.1")])).toEqual(["RATE_LIMITED"]);
    // ... while the real user, elsewhere, signs in (their attempt, past the account's ten, slowed a little).
    expect(codes([await signIn(ADMIN.email, ADMIN.password, "10.8.0.99")])).toEqual(["OK"]);

    // Guesses spread over many addresses are slowed for the account as a whole, never refused for it:
    // the real user still gets in.
    // (The success gave the account its attempts back: the first ten of these are not slowed.)
    const slowedBefore = server.logs().split("Sign-in slowed").length;
    const spread = await Promise.all(["10.8.1.1", "10.8.1.2", "10.8.1.3"].map((address) => wrong(address, 6)));
    expect(spread.flat()).toEqual(Array(18).fill("UNAUTHENTICATED"));
    expect(server.logs().split("Sign-in slowed").length - slowedBefore).toBe(8);
    expect(codes([await signIn(ADMIN.email.toUpperCase(), ADMIN.password, "10.8.0.98")])).toEqual(["OK"]);
    expect(server.logs()).not.toContain("guess-10.8");
    expect(server.logs()).not.toContain(ADMIN.password);
  });
});
