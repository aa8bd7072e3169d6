import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminEnv, createStaff, type Staff } from "./support/accounts.js";
import { createArticle } from "./support/articles.js";
import { graphql, query } from "./support/graphql.js";
import { onPostgres, startServer, startServerOnFreshDatabase, type RunningServer } from "./support/server.js";

// A PostgreSQL cluster of the test's own, on a spare port, made with the machine's PostgreSQL binaries,
// so it can be stopped and started under a running server. (Run in the PostgreSQL pass of the suite.)
const bin = "/usr/lib/postgresql/15/bin";

function asPostgres(command: string, args: string[]): string {
  return execFileSync("runuser", ["-u", "postgres", "--", join(bin, command), ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

async function sparePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** /ready's status once the background health check has caught up (it runs every 200 ms here), or the last one seen. */
async function readyStatusSettles(origin: string, expected: number): Promise<number> {
  let status = 0;
  for (let attempt = 0; attempt < 20 && status !== expected; attempt += 1) {
    if (attempt) await new Promise((resolve) => setTimeout(resolve, 100));
    status = (await fetch(`${origin}/ready`)).status;
  }
  return status;
}

describe.runIf(onPostgres)("when the database goes away", () => {
  let dir: string;
  let port: number;
  let server: RunningServer;
  let staff: Staff;
  const start = () => asPostgres("pg_ctl", ["-D", dir, "-w", "-l", join(dir, "log"), "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`, "start"]);
  const stop = () => asPostgres("pg_ctl", ["-D", dir, "-w", "-m", "fast", "stop"]);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "greenlight-cluster-"));
    chmodSync(dir, 0o700);
    const { uid, gid } = JSON.parse(execFileSync("sh", ["-c", 'printf \'{"uid":%s,"gid":%s}\' "$(id -u postgres)" "$(id -g postgres)"'], { encoding: "utf8" }));
    chownSync(dir, uid, gid);
    asPostgres("initdb", ["-D", dir, "-A", "trust", "-U", "postgres", "--no-sync"]);
    port = await sparePort();
    start();
    const admin = new pg.Client({ connectionString: `postgresql://postgres@127.0.0.1:${port}/postgres` });
    await admin.connect();
    await admin.query("CREATE DATABASE greenlight");
    await admin.end();
    server = await startServer({
      ...adminEnv,
      DATABASE_URL: `postgresql://postgres@127.0.0.1:${port}/greenlight`,
      SCHEDULER_INTERVAL_MS: "200",
      // /ready answers from a background check: a short interval lets it follow the outage closely.
      HEALTH_CHECK_INTERVAL_MS: "200",
    });
    staff = await createStaff(server.url);
  });
  afterAll(async () => {
    await server?.stop();
    try {
      stop();
    } catch {
      // already stopped
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it("requests fail fast with SERVICE_UNAVAILABLE, the server stays up, and it serves again soon after", async () => {
    const article = await createArticle(server.url, staff.editor, { title: "Outage draft", body: "Before the outage." });
    const read = `{ shows(first: 5) { totalCount nodes { title } } }`;
    expect((await graphql(server.url, read)).status).toBe(200);

    stop();
    const during = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const started = Date.now();
      const result = await graphql(server.url, read);
      during.push({ status: result.status, code: result.body.errors?.[0]?.extensions?.code, ms: Date.now() - started, message: result.body.errors?.[0]?.message });
    }
    for (const outcome of during) {
      expect(outcome, JSON.stringify(during)).toMatchObject({ status: 503, code: "SERVICE_UNAVAILABLE" });
      expect(outcome.ms).toBeLessThan(6000);
      expect(outcome.message).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|prisma/i);
    }
    // A publish during the outage fails as a whole.
    const publish = await graphql(server.url, `mutation { publishArticle(id: "${article.id}") { status } }`, undefined, staff.editor);
    expect(publish.status).toBe(503);
    expect(publish.body.errors?.[0]?.extensions?.code).toBe("SERVICE_UNAVAILABLE");
    expect((await fetch(`${server.origin}/health`)).status).toBe(200);
    expect(await readyStatusSettles(server.origin, 503)).toBe(503);

    start();
    const back = Date.now();
    let recovered = false;
    while (Date.now() - back < 15_000 && !recovered) {
      recovered = (await graphql(server.url, read)).status === 200;
      if (!recovered) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(recovered).toBe(true);
    expect(Date.now() - back).toBeLessThan(15_000);
    expect(await readyStatusSettles(server.origin, 200)).toBe(200);
    // Nothing half-applied: the article is still a draft with no status change, and publishing now works.
    const after = await query(server.url, `{ article(id: "${article.id}") { status publishedAt } }`, undefined, staff.editor);
    expect(after.article).toEqual({ status: "DRAFT", publishedAt: null });
    const published = await query(server.url, `mutation { publishArticle(id: "${article.id}") { status } }`, undefined, staff.editor);
    expect(published.publishArticle.status).toBe("PUBLISHED");
    expect(server.process.exitCode).toBeNull();
  });
});

describe.runIf(onPostgres)("a statement that runs too long", () => {
  let server: Awaited<ReturnType<typeof startServerOnFreshDatabase>>;
  beforeAll(async () => {
    server = await startServerOnFreshDatabase({ ...adminEnv, STATEMENT_TIMEOUT_MS: "500" });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("is cancelled by PostgreSQL (STATEMENT_TIMEOUT_MS): a TIMEOUT error, and the transaction leaves nothing behind", async () => {
    const staff = await createStaff(server.url);
    const article = await createArticle(server.url, staff.editor, { title: "Slow publish", body: "x" });
    const client = new pg.Client({ connectionString: server.database.url });
    await client.connect();
    try {
      // Make the publish's audit insert take 2 s, four times the limit.
      await client.query(`
        CREATE FUNCTION slow_publish_audit() RETURNS trigger AS $$ BEGIN PERFORM pg_sleep(2); RETURN NEW; END; $$ LANGUAGE plpgsql;
        CREATE TRIGGER slow_publish_audit BEFORE INSERT ON "AuditEvent"
          FOR EACH ROW WHEN (NEW.action = 'article.published') EXECUTE FUNCTION slow_publish_audit();`);
      const started = Date.now();
      const slow = await graphql(server.url, `mutation { publishArticle(id: "${article.id}") { status } }`, undefined, staff.editor);
      expect(slow.body.errors?.[0]?.extensions?.code).toBe("TIMEOUT");
      expect(Date.now() - started).toBeLessThan(1900);
      expect(JSON.stringify(slow.body)).not.toMatch(/pg_sleep|AuditEvent|57014/);
      await client.query(`DROP TRIGGER slow_publish_audit ON "AuditEvent"; DROP FUNCTION slow_publish_audit();`);
      const state = await query(server.url, `{ article(id: "${article.id}") { status publishedAt } }`, undefined, staff.editor);
      expect(state.article).toEqual({ status: "DRAFT", publishedAt: null });
    } finally {
      await client.end();
    }
  });
});

// A read fails as its own statement would on either read path: the compiled statement runs through
// Prisma's $queryRawUnsafe, whose failures arrive wrapped (P2010), and must give clients the same code
// and no SQL. NODE_ENV=production, as clients see it there.
describe.runIf(onPostgres).each(["on", "off"])("a read that cannot finish (COMPILED_READS=%s)", (mode) => {
  let server: Awaited<ReturnType<typeof startServerOnFreshDatabase>>;
  let client: pg.Client;
  const read = `{ shows(first: 5) { totalCount nodes { title productionCompanies { name } } } }`;
  beforeAll(async () => {
    server = await startServerOnFreshDatabase({ ...adminEnv, NODE_ENV: "production", JWT_SECRET: "y".repeat(48), STATEMENT_TIMEOUT_MS: "500", COMPILED_READS: mode });
    client = new pg.Client({ connectionString: server.database.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await server?.close();
  });

  /** Runs `during` while a transaction of the test's own holds every show read back (an exclusive lock on "Show"). */
  async function whileShowsLocked<T>(during: () => Promise<T>): Promise<T> {
    await client.query(`BEGIN; LOCK TABLE "Show" IN ACCESS EXCLUSIVE MODE`);
    try {
      return await during();
    } finally {
      await client.query("ROLLBACK");
    }
  }

  function expectNoSql(body: unknown) {
    expect(JSON.stringify(body)).not.toMatch(/select|"Show"|57014|P2010|prisma|queryRaw|statement timeout|json_build_object/i);
  }

  it("a statement timeout: TIMEOUT, no SQL text, and the server reads again afterwards", async () => {
    expect((await graphql(server.url, read)).body.data.shows.nodes.length).toBeGreaterThan(0);
    const slow = await whileShowsLocked(() => graphql(server.url, read));
    expect(slow.body.errors?.[0]?.extensions?.code, JSON.stringify(slow.body)).toBe("TIMEOUT");
    expect(slow.body.errors?.[0]?.path).toEqual(["shows"]);
    expectNoSql(slow.body);
    expect((await graphql(server.url, read)).body.errors).toBeUndefined();
  });

  it("a cancelled statement (pg_cancel_backend): TIMEOUT, no SQL text", async () => {
    const cancelled = await whileShowsLocked(async () => {
      const pending = graphql(server.url, read);
      const killer = new pg.Client({ connectionString: server.database.url });
      await killer.connect();
      try {
        // The request's statement waits on the lock: cancel it as an operator would.
        let cancelledCount = 0;
        for (let attempt = 0; attempt < 40 && cancelledCount === 0; attempt += 1) {
          const result = await killer.query(
            `SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
          );
          cancelledCount = result.rowCount ?? 0;
          if (cancelledCount === 0) await new Promise((resolve) => setTimeout(resolve, 10));
        }
        expect(cancelledCount).toBeGreaterThan(0);
      } finally {
        await killer.end();
      }
      return pending;
    });
    expect(cancelled.body.errors?.[0]?.extensions?.code, JSON.stringify(cancelled.body)).toBe("TIMEOUT");
    expectNoSql(cancelled.body);
  });
});
