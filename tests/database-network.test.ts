import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminEnv } from "./support/accounts.js";
import { createTestDatabase, externalServerUrl, onPostgres, runCli, startServer, type RunningServer, type TestDatabase } from "./support/server.js";
import { startTcpProxy, type TcpProxy } from "./support/tcp-proxy.js";

// The embedded engine is in-process: there is no network path to PostgreSQL to break, so these run
// only in the PostgreSQL pass (TEST_DATABASE_URL).

const STATEMENT_TIMEOUT_MS = 1000;
const QUERY_TIMEOUT_MS = 1500;
const CONNECT_TIMEOUT_MS = 1000;
const GRACE_MS = 2000;
/** The longest a request may take during an outage: a statement's timeout, then a connection's, and slack. */
const OUTAGE_ANSWER_BOUND_MS = QUERY_TIMEOUT_MS + CONNECT_TIMEOUT_MS + 1500;

const read = `{ shows(first: 3) { totalCount nodes { title } } }`;

interface Outcome {
  status: number | "hung";
  code?: string;
  ms: number;
}

/** One anonymous read; a request that hangs is reported as such (the fault this file is about) instead of stalling the test. */
async function timedRead(url: string, hangAfterMs = 10_000): Promise<Outcome> {
  const started = Date.now();
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: read }),
      signal: AbortSignal.timeout(hangAfterMs),
    });
    const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    return { status: response.status, code: body.errors?.[0]?.extensions?.code, ms: Date.now() - started };
  } catch {
    return { status: "hung", ms: Date.now() - started };
  }
}

async function timedStatus(url: string): Promise<Outcome> {
  const started = Date.now();
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    await response.text();
    return { status: response.status, ms: Date.now() - started };
  } catch {
    return { status: "hung", ms: Date.now() - started };
  }
}

/** Polls `check` until it holds; returns how long that took (or throws after `withinMs`). */
async function eventually(check: () => Promise<boolean>, withinMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < withinMs) {
    if (await check()) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`did not happen within ${withinMs} ms`);
}

function logLines(server: RunningServer): Record<string, any>[] {
  return server
    .logs()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, any>);
}

describe.runIf(onPostgres)("a network path to PostgreSQL that fails (a TCP proxy of the test's own)", () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let server: RunningServer;

  beforeAll(async () => {
    database = await createTestDatabase();
    const target = new URL(externalServerUrl!);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const viaProxy = new URL(database.url!);
    viaProxy.hostname = "127.0.0.1";
    viaProxy.port = String(proxy.port);
    server = await startServer({
      ...adminEnv,
      DATABASE_URL: viaProxy.toString(),
      DATABASE_POOL_SIZE: "3",
      STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
      DATABASE_QUERY_TIMEOUT_MS: String(QUERY_TIMEOUT_MS),
      DATABASE_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
      SHUTDOWN_GRACE_MS: String(GRACE_MS),
      HEALTH_CHECK_INTERVAL_MS: "250",
    });
  });
  afterAll(async () => {
    await server?.stop();
    await proxy?.close();
    await database?.drop();
  });

  it("a black hole: requests fail fast with 503 SERVICE_UNAVAILABLE, wedged connections are destroyed, and service resumes without a restart", async () => {
    // Warm the pool: every connection is open and idle when the path dies.
    const warm = await Promise.all(Array.from({ length: 6 }, () => timedRead(server.url)));
    expect(warm.map((outcome) => outcome.status)).toEqual([200, 200, 200, 200, 200, 200]);

    proxy.blackHole();
    // More requests at once than the pool has connections: some wait on wedged sockets, some for a connection.
    const concurrent = await Promise.all(Array.from({ length: 6 }, () => timedRead(server.url)));
    const sequential: Outcome[] = [];
    for (let attempt = 0; attempt < 3; attempt += 1) sequential.push(await timedRead(server.url));
    for (const outcome of [...concurrent, ...sequential]) {
      expect(outcome, JSON.stringify({ concurrent, sequential })).toMatchObject({ status: 503, code: "SERVICE_UNAVAILABLE" });
      expect(outcome.ms, JSON.stringify({ concurrent, sequential })).toBeLessThan(OUTAGE_ANSWER_BOUND_MS);
    }
    await eventually(async () => (await timedStatus(`${server.origin}/ready`)).status === 503, 5000);
    expect((await timedStatus(`${server.origin}/health`)).status).toBe(200);
    // Probes answer from the background check at once, never waiting on the dead path.
    for (const path of ["/ready", "/metrics"]) {
      const probe = await timedStatus(`${server.origin}${path}`);
      expect(probe.status).toBe(path === "/ready" ? 503 : 200);
      expect(probe.ms).toBeLessThan(CONNECT_TIMEOUT_MS);
    }

    proxy.restore();
    const resumedAfterMs = await eventually(async () => (await timedRead(server.url)).status === 200, 10_000);
    expect(resumedAfterMs).toBeLessThan(OUTAGE_ANSWER_BOUND_MS + 1000);
    await eventually(async () => (await timedStatus(`${server.origin}/ready`)).status === 200, 5000);
    // Every connection that lost bytes in the black hole was destroyed, none went back into service.
    const after = await Promise.all(Array.from({ length: 9 }, () => timedRead(server.url)));
    expect(after.map((outcome) => outcome.status)).toEqual(Array(9).fill(200));
    await eventually(async () => proxy.wedgedStillOpen() === 0, 3000);
    expect(server.process.exitCode).toBeNull();
  });

  it("logs an outage's requests with the code the client got: SERVICE_UNAVAILABLE, never INTERNAL_SERVER_ERROR", async () => {
    const outage = logLines(server).filter((line) => line.msg === "graphql request" && line.status === 503);
    expect(outage.length).toBeGreaterThanOrEqual(9);
    for (const line of outage) expect(line.errors).toEqual(["SERVICE_UNAVAILABLE"]);
    expect(logLines(server).filter((line) => line.msg === "graphql request" && line.errors?.includes("INTERNAL_SERVER_ERROR"))).toEqual([]);
    const metrics = await (await fetch(`${server.origin}/metrics`)).text();
    expect(metrics).toMatch(/greenlight_graphql_errors_total\{code="SERVICE_UNAVAILABLE"\} (9|[1-9]\d+)/);
    expect(metrics).not.toMatch(/greenlight_graphql_errors_total\{code="INTERNAL_SERVER_ERROR"\}/);
  });

  it("a pause shorter than the timeouts only delays requests; a longer one fails them fast, and both recover", async () => {
    proxy.pause();
    const delayed = timedRead(server.url);
    await new Promise((resolve) => setTimeout(resolve, 400));
    proxy.restore();
    expect(await delayed).toMatchObject({ status: 200 });

    proxy.pause();
    const stalled = await timedRead(server.url);
    expect(stalled).toMatchObject({ status: 503, code: "SERVICE_UNAVAILABLE" });
    expect(stalled.ms).toBeLessThan(OUTAGE_ANSWER_BOUND_MS);
    proxy.restore();
    await eventually(async () => (await timedRead(server.url)).status === 200, 5000);
  });

  it("a cut (every connection reset): at worst a few 503s, never a 500, and then service as before", async () => {
    proxy.cut();
    const outcomes: Outcome[] = [];
    for (let attempt = 0; attempt < 6; attempt += 1) outcomes.push(await timedRead(server.url));
    for (const outcome of outcomes) expect([200, 503], JSON.stringify(outcomes)).toContain(outcome.status);
    expect(outcomes.at(-1)!.status).toBe(200);
  });

  it("SIGTERM during a black hole completes within the grace period, with statements stuck on dead sockets", async () => {
    proxy.blackHole();
    const inFlight = Array.from({ length: 4 }, () => timedRead(server.url, 20_000));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = Date.now();
    const exitCode = await server.stop();
    const stoppedAfterMs = Date.now() - started;
    await Promise.all(inFlight);
    expect(exitCode).toBe(0);
    expect(stoppedAfterMs).toBeLessThan(GRACE_MS + 3000);
    proxy.restore();
  });
});

describe("the timeout settings", () => {
  it("refuse a client-side query timeout that would cut statements PostgreSQL is still allowed to run", async () => {
    const result = await runCli(["start"], {
      DATABASE_URL: "postgresql://nobody@127.0.0.1:1/none",
      STATEMENT_TIMEOUT_MS: "2000",
      DATABASE_QUERY_TIMEOUT_MS: "1000",
    });
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/Invalid configuration[\s\S]*DATABASE_QUERY_TIMEOUT_MS: must be longer than STATEMENT_TIMEOUT_MS/);
  });
});
