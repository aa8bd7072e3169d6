import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeId } from "./support/ids.js";
import { ADMIN, adminEnv, signIn } from "./support/accounts.js";
import { bearer, graphql } from "./support/graphql.js";
import { uploadTop10 } from "./support/imports.js";
import { waitFor } from "./support/receiver.js";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { projectRoot, startServerOnFreshDatabase } from "./support/server.js";

let server: Awaited<ReturnType<typeof startServerOnFreshDatabase>>;

beforeAll(async () => {
  // No background health check during the tests (one ran at start): its statements would count in the
  // query-plan metrics the /metrics test reads.
  server = await startServerOnFreshDatabase({ ...adminEnv, HEALTH_CHECK_INTERVAL_MS: "600000" });
});
afterAll(async () => {
  await server?.close();
});

describe("operations", () => {
  it("/health says the process is up; /ready that the database answers with every migration applied", async () => {
    const health = await fetch(`${server.origin}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    const ready = await fetch(`${server.origin}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready" });
  });

  it("every response carries a request id (the caller's, when sensible), and the log line has it with no secrets", async () => {
    const generated = await graphql(server.url, `query Probe { __typename }`);
    expect(generated.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const offered = await graphql(server.url, `query Probe { __typename }`, undefined, { "x-request-id": "trace-abc_123" });
    expect(offered.headers.get("x-request-id")).toBe("trace-abc_123");
    const hostile = await graphql(server.url, `{ __typename }`, undefined, { "x-request-id": "bad id with spaces;drop" });
    expect(hostile.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);

    const token = await signIn(server.url, ADMIN.email, ADMIN.password);
    const me = await graphql(server.url, `query WhoAmI { me { id } }`, undefined, { ...bearer(token), "x-request-id": "me-request-1" });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const line = server
      .logs()
      .split("\n")
      .find((text) => text.includes('"requestId":"me-request-1"'));
    expect(line).toBeDefined();
    const entry = JSON.parse(line!);
    expect(entry).toMatchObject({ operation: "query", operationName: "WhoAmI", userId: decodeId(me.body.data.me.id).rowId, status: 200 });
    expect(typeof entry.durationMs).toBe("number");
    expect(server.logs()).not.toContain(token);
    expect(server.logs()).not.toContain(ADMIN.password);
  });

  it("/metrics: requests and latency by operation, errors by code, the pool, job queues, process metrics", async () => {
    await graphql(server.url, `query MetricsProbe { __typename }`);
    await graphql(server.url, `query MetricsProbe { __typename }`);
    await graphql(server.url, `query BadSlug { show(slug: "Not A Slug") { title } }`);
    const response = await fetch(`${server.origin}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/text\/plain/);
    const text = await response.text();
    const value = (line: string) => Number(new RegExp(`^${line.replace(/[{}"]/g, "\\$&")} (\\S+)$`, "m").exec(text)?.[1]);
    expect(value('greenlight_graphql_requests_total{type="query",operation="MetricsProbe",outcome="ok"}')).toBe(2);
    expect(value('greenlight_graphql_requests_total{type="query",operation="BadSlug",outcome="error"}')).toBe(1);
    expect(value('greenlight_graphql_errors_total{code="BAD_USER_INPUT"}')).toBeGreaterThanOrEqual(1);
    expect(value('greenlight_graphql_request_duration_seconds_count{type="query",operation="MetricsProbe"}')).toBe(2);
    expect(value('greenlight_db_pool_connections{state="total"}')).toBeGreaterThanOrEqual(1);
    expect(value('greenlight_job_queue_depth{queue="webhook_deliveries_pending"}')).toBe(0);
    expect(value('greenlight_job_queue_depth{queue="scheduled_articles_due"}')).toBe(0);
    expect(value("greenlight_process_resident_memory_bytes")).toBeGreaterThan(10_000_000);

    // The same query text again: its plans were compiled on the first run and are now reused. A compiled read
    // (show by slug) counts in greenlight_compiled_reads_total; a field answered by its
    // resolver (the renewal outlook) runs Prisma queries and counts in greenlight_query_plans_total.
    const counters = async () => {
      const metrics = await (await fetch(`${server.origin}/metrics`)).text();
      const count = (name: string, result: string) => Number(new RegExp(`^${name}\\{result="${result}"\\} (\\S+)$`, "m").exec(metrics)?.[1] ?? Number.NaN);
      return {
        prismaReused: count("greenlight_query_plans_total", "reused"),
        prismaCompiled: count("greenlight_query_plans_total", "compiled"),
        readReused: count("greenlight_compiled_reads_total", "plan_reused"),
        readCompiled: count("greenlight_compiled_reads_total", "plan_compiled"),
      };
    };
    const compiledRead = `{ show(slug: "the-imperfects") { title premiereDate } }`;
    const resolverRead = `{ show(slug: "the-imperfects") { seasons { renewalOutlook { verdict } } } }`;
    await graphql(server.url, compiledRead);
    await graphql(server.url, resolverRead);
    const before = await counters();
    for (let round = 0; round < 2; round += 1) {
      await graphql(server.url, compiledRead);
      await graphql(server.url, resolverRead);
    }
    const after = await counters();
    expect(after.prismaCompiled).toBeGreaterThan(0);
    expect(after.prismaReused - before.prismaReused).toBeGreaterThanOrEqual(1);
    expect(after.prismaCompiled - before.prismaCompiled).toBe(0);
    if (process.env.COMPILED_READS !== "off") {
      expect(after.readReused - before.readReused).toBeGreaterThanOrEqual(1);
      expect(after.readCompiled - before.readCompiled).toBe(0);
    }
  });

  it("SIGTERM: in-flight requests finish, new ones are refused, and the process exits 0", async () => {
    // A grace period long enough for the import on a loaded machine (it takes 15-60 s there).
    const own = await startServerOnFreshDatabase({ ...adminEnv, LOG_LEVEL: "debug", SHUTDOWN_GRACE_MS: "180000" });
    try {
      const token = await signIn(own.url, ADMIN.email, ADMIN.password);
      const tsv = await readFile(join(projectRoot, "..", "shared", "data", "all-weeks-global.tsv"), "utf8");
      // An import takes seconds: long enough to be in flight when the signal comes.
      const inFlight = uploadTop10(own.url, tsv, { fileName: "all-weeks-global.tsv", headers: { ...bearer(token), "x-request-id": "in-flight-import" } });
      // Signal once the import is running (it holds the import lock), not merely on its way.
      await waitFor(() => /"requestId":"in-flight-import"[^\n]*"msg":"top 10 upload started"/.test(own.logs()));
      const exited = new Promise<number | null>((resolve) => own.process.on("exit", (code) => resolve(code)));
      own.process.kill("SIGTERM");
      const finished = await inFlight;
      expect(finished.status).toBe(200);
      expect(finished.body.rowsRead).toBeGreaterThan(10_000);
      expect(await exited).toBe(0);
      await expect(fetch(`${own.origin}/health`)).rejects.toThrow();
      expect(own.logs()).toContain("Shutting down");
    } finally {
      await own.close();
    }
  });
});
