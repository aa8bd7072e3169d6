import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminEnv } from "./support/accounts.js";
import { graphql } from "./support/graphql.js";
import { createTestDatabase, startServer, startServerOnFreshDatabase, type TestDatabase } from "./support/server.js";

type Server = Awaited<ReturnType<typeof startServerOnFreshDatabase>>;

const production = { NODE_ENV: "production", JWT_SECRET: "probe-tests-secret-that-is-long-enough-0123456789" };
const METRICS_TOKEN = "scraper-token-for-the-probe-tests";

describe("/ready and /metrics", () => {
  let server: Server;
  beforeAll(async () => {
    server = await startServerOnFreshDatabase({ ...adminEnv, PROBE_RATE_LIMIT_PER_MINUTE: "4", HEALTH_CHECK_INTERVAL_MS: "200" });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("answer from the background health check: no database statement per request, and a limit of their own per address", async () => {
    const ready = await fetch(`${server.origin}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready" });
    expect(ready.headers.get("x-sql-statements")).toBe("0");
    const metrics = await fetch(`${server.origin}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(/^greenlight_job_queue_depth\{queue="webhook_deliveries_pending"\} 0$/m);
    expect(metrics.headers.get("x-sql-statements")).toBe("0");
    expect((await fetch(`${server.origin}/ready`)).status).toBe(200);
    expect((await fetch(`${server.origin}/metrics`)).status).toBe(200);

    // The fifth probe in a minute from this address, on either endpoint.
    for (const path of ["/ready", "/metrics"]) {
      const refused = await fetch(`${server.origin}${path}`);
      expect(refused.status).toBe(429);
      expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
      expect((await refused.json()).errors[0].extensions.code).toBe("RATE_LIMITED");
    }
    // The API's own allowance is untouched.
    expect((await graphql(server.url, `{ __typename }`)).status).toBe(200);
  });
});

describe("/metrics in production", () => {
  // Both servers in turn on one database, so only the first pays for migrations and the seed.
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("with METRICS_TOKEN: only for its bearer (401 otherwise)", async () => {
    const server = await startServer({ ...database.env, ...adminEnv, ...production, METRICS_TOKEN });
    try {
      const anonymous = await fetch(`${server.origin}/metrics`);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect((await anonymous.json()).errors[0].extensions.code).toBe("UNAUTHENTICATED");
      expect((await fetch(`${server.origin}/metrics`, { headers: { authorization: "Bearer x" } })).status).toBe(401);
      expect((await fetch(`${server.origin}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}x` } })).status).toBe(401);
      const scraped = await fetch(`${server.origin}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(scraped.status).toBe(200);
      expect(await scraped.text()).toContain("greenlight_db_pool_connections");
      expect((await fetch(`${server.origin}/ready`)).status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it("without METRICS_TOKEN: not served at all (404), while /ready still answers", async () => {
    const server = await startServer({ ...database.env, ...adminEnv, ...production });
    try {
      expect((await fetch(`${server.origin}/metrics`)).status).toBe(404);
      expect((await fetch(`${server.origin}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status).toBe(404);
      expect((await fetch(`${server.origin}/ready`)).status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});
