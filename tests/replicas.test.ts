import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { appendFileSync, chmodSync, chownSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminEnv, createStaff, type Staff } from "./support/accounts.js";
import { createArticle } from "./support/articles.js";
import { graphql, query } from "./support/graphql.js";
import { onPostgres, runCli, startServer, type RunningServer } from "./support/server.js";

// A primary cluster of the test's own and a streaming replica of it (pg_basebackup -R), made with the
// machine's PostgreSQL binaries as the postgres user, as tests/faults.test.ts does for its outage.
const bin = "/usr/lib/postgresql/15/bin";
const REDIS_URL = "redis://127.0.0.1:6379";

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

function postgresOwnedTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o700);
  const { uid, gid } = JSON.parse(execFileSync("sh", ["-c", 'printf \'{"uid":%s,"gid":%s}\' "$(id -u postgres)" "$(id -g postgres)"'], { encoding: "utf8" }));
  chownSync(dir, uid, gid);
  return dir;
}

class Cluster {
  constructor(
    readonly dir: string,
    readonly port: number,
  ) {}
  get url(): string {
    return `postgresql://postgres@127.0.0.1:${this.port}/greenlight`;
  }
  start(): void {
    // pg_stat_statements counts the statements each cluster ran: how the test tells which one served a read.
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c shared_preload_libraries=pg_stat_statements`;
    asPostgres("pg_ctl", ["-D", this.dir, "-w", "-l", join(this.dir, "log"), "-o", options, "start"]);
  }
  stop(): void {
    asPostgres("pg_ctl", ["-D", this.dir, "-w", "-m", "fast", "stop"]);
  }
  async sql<T = Record<string, unknown>>(text: string, database = "greenlight"): Promise<T[]> {
    const client = new pg.Client({ connectionString: `postgresql://postgres@127.0.0.1:${this.port}/${database}` });
    await client.connect();
    try {
      return (await client.query(text)).rows as T[];
    } finally {
      await client.end();
    }
  }
  /**
   * Statements run so far on a table ("public"."Show" in their text). The pattern is built with chr(34) so
   * this statement's own text does not match it.
   */
  async statementsOn(table: string): Promise<number> {
    return this.statementsWith(`chr(34) || 'public' || chr(34) || '.' || chr(34) || '${table}' || chr(34)`);
  }
  /** Statements run so far whose text contains `pattern` (an SQL expression, so that it need not quote itself). */
  async statementsWith(pattern: string): Promise<number> {
    const [row] = await this.sql<{ calls: number }>(
      `SELECT coalesce(sum(calls), 0)::int AS calls FROM pg_stat_statements
        WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND position(${pattern} IN query) > 0`,
    );
    return row!.calls;
  }
  /** Search's raw statements (pg_stat_statements keeps function names, while literals become parameters). */
  searchStatements(): Promise<number> {
    return this.statementsWith(`'to_ts' || 'vector'`);
  }
  showStatements(): Promise<number> {
    return this.statementsOn("Show");
  }
}

async function metrics(server: RunningServer): Promise<string> {
  return (await fetch(`${server.origin}/metrics`)).text();
}

/** Polls until `check` holds (state changes come from background polls every 200 ms); no time is asserted. */
async function eventually(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`never happened: ${what}`);
}

describe("DATABASE_READ_URLS on the embedded engine", () => {
  it("is a configuration error naming the variable", async () => {
    const result = await runCli(["start"], { DATABASE_READ_URLS: "postgresql://postgres@127.0.0.1:5432/replica", DATA_DIR: "/nonexistent/never-created" });
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/DATABASE_READ_URLS: needs DATABASE_URL/);
  });
});

// PostgreSQL only: streaming replication needs real clusters (the embedded engine has no replicas).
describe.runIf(onPostgres)("read replicas: a primary and a streaming replica of its own (PostgreSQL pass only: the embedded engine has no replication)", () => {
  const prefix = `test-${randomUUID()}:`;
  let primary: Cluster;
  let replica: Cluster;
  /** Takes the replica out when it is 1 s behind. */
  let strict: RunningServer;
  /** Tolerates an hour of lag: a paused replica stays in its rotation, so what it reads shows where reads go. */
  let tolerant: RunningServer;
  let staff: Staff;
  let replicaLabel: string;

  const state = async (server: RunningServer): Promise<string | undefined> => {
    const text = await metrics(server);
    const line = text.split("\n").find((entry) => entry.startsWith(`greenlight_db_replica_state{replica="${replicaLabel}"`) && entry.endsWith(" 1"));
    return /state="([a-z_]+)"/.exec(line ?? "")?.[1];
  };
  const replicaReads = async (server: RunningServer, target: string): Promise<number> => {
    const match = new RegExp(`^greenlight_db_replica_reads_total\\{target="${target.replace(/[./]/g, "\\$&")}"\\} (\\d+)$`, "m").exec(await metrics(server));
    return Number(match?.[1] ?? NaN);
  };
  const anonymousShows = `{ shows(first: 3) { totalCount nodes { title } } }`;
  /** Runs anonymous show reads and returns the statements they cost, as the server counted them (X-SQL-Statements). */
  const readShows = async (server: RunningServer, times: number): Promise<number> => {
    let statements = 0;
    for (let index = 0; index < times; index += 1) {
      const response = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: anonymousShows }) });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { data?: { shows: { totalCount: number } }; errors?: unknown };
      expect(body.errors).toBeUndefined();
      expect(body.data!.shows.totalCount).toBeGreaterThan(0);
      statements += Number(response.headers.get("x-sql-statements"));
    }
    return statements;
  };
  const articleAs = async (server: RunningServer, id: string, headers?: Record<string, string>) =>
    (await query(server.url, `query ArticleTitle($id: ID!) { article(id: $id) { title status } }`, { id }, headers)).article as { title: string; status: string } | null;

  beforeAll(async () => {
    primary = new Cluster(postgresOwnedTempDir("greenlight-primary-"), await sparePort());
    asPostgres("initdb", ["-D", primary.dir, "-A", "trust", "-U", "postgres", "--no-sync"]);
    appendFileSync(join(primary.dir, "postgresql.conf"), "wal_level = replica\nmax_wal_senders = 4\n");
    appendFileSync(join(primary.dir, "pg_hba.conf"), "host replication postgres 127.0.0.1/32 trust\n");
    primary.start();
    await primary.sql("CREATE DATABASE greenlight", "postgres");
    await primary.sql("CREATE EXTENSION pg_stat_statements");

    replica = new Cluster(postgresOwnedTempDir("greenlight-replica-"), await sparePort());
    // -R writes standby.signal and primary_conninfo: the copy starts as a hot standby streaming from the primary.
    asPostgres("pg_basebackup", ["-h", "127.0.0.1", "-p", String(primary.port), "-U", "postgres", "-D", replica.dir, "-R", "-X", "stream", "--no-sync"]);
    replica.start();
    const [recovery] = await replica.sql<{ in_recovery: boolean }>("SELECT pg_is_in_recovery() AS in_recovery");
    expect(recovery!.in_recovery).toBe(true);
    replicaLabel = `127.0.0.1:${replica.port}/greenlight`;

    const env = {
      ...adminEnv,
      DATABASE_URL: primary.url,
      DATABASE_READ_URLS: replica.url,
      REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      // Whole answers cached in Redis would hide which database served a read.
      RESPONSE_CACHE: "false",
      HEALTH_CHECK_INTERVAL_MS: "200",
      // Longer than the test runs: read-your-writes must not depend on how fast this machine is.
      READ_YOUR_WRITES_MS: "600000",
    };
    strict = await startServer({ ...env, REPLICA_MAX_LAG_MS: "1000" });
    tolerant = await startServer({ ...env, REPLICA_MAX_LAG_MS: "3600000", MIGRATE_ON_START: "false", SEED_ON_START: "false" });
    staff = await createStaff(strict.url);
    for (const server of [strict, tolerant]) await eventually("replica healthy", async () => (await state(server)) === "healthy");
  });
  afterAll(async () => {
    await Promise.all([strict?.stop(), tolerant?.stop()]);
    for (const cluster of [replica, primary]) {
      if (!cluster) continue;
      try {
        cluster.stop();
      } catch {
        // already stopped
      }
      rmSync(cluster.dir, { recursive: true, force: true });
    }
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it("lists the replica on /ready, which stays 200 whatever the replica does", async () => {
    const ready = await fetch(`${strict.origin}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready", replicas: [{ replica: replicaLabel, state: "healthy", lagMs: expect.any(Number) }] });
  });

  it("serves anonymous reads, and a signed-in reader's who has not written, from the replica: the primary runs none of their statements", async () => {
    const [primaryBefore, replicaBefore, usersBefore] = [await primary.showStatements(), await replica.showStatements(), await primary.statementsOn("User")];
    const statements = (await readShows(strict, 3)) + (await readShows(tolerant, 3));
    // The writer has only signed in: a query of theirs is read-only traffic too.
    const signedIn = await graphql(tolerant.url, anonymousShows, undefined, staff.writer);
    expect(signedIn.body.errors).toBeUndefined();
    expect(statements).toBeGreaterThanOrEqual(6);
    // Of the signed-in request's statements, one is the token check's user lookup (a prepared statement), on the primary on purpose
    // (a revoked account or a changed role must count at once); the rest read the replica.
    expect(await primary.statementsOn("User")).toBe(usersBefore + 1);
    expect(await replica.showStatements()).toBe(replicaBefore + statements + Number(signedIn.headers.get("x-sql-statements")) - 1);
    expect(await primary.showStatements()).toBe(primaryBefore);
  });

  it("runs search's raw statements on the replica too", async () => {
    const [primaryBefore, replicaBefore] = [await primary.searchStatements(), await replica.searchStatements()];
    const found = await graphql(strict.url, `{ search(query: "season") { totalCount edges { type } } }`);
    expect(found.body.errors).toBeUndefined();
    expect(found.body.data.search.totalCount).toBeGreaterThan(0);
    expect(await replica.searchStatements()).toBeGreaterThan(replicaBefore);
    expect(await primary.searchStatements()).toBe(primaryBefore);
  });

  it("a writer's save is in their very next read, on another instance, while the replica's replay is paused; others there still read the replica", async () => {
    const article = await createArticle(strict.url, staff.writer, { title: "Before the pause", body: "First draft." });
    // The replica has the draft before replay stops.
    await eventually("draft replicated", async () => (await replica.sql(`SELECT 1 FROM "Article" WHERE title = 'Before the pause'`)).length === 1);
    await replica.sql("SELECT pg_wal_replay_pause()");
    await eventually("replay paused", async () => (await replica.sql<{ s: string }>("SELECT pg_get_wal_replay_pause_state() AS s"))[0]!.s === "paused");

    const saved = await query(
      strict.url,
      `mutation($input: UpdateArticleInput!) { updateArticle(input: $input) { title version } }`,
      { input: { id: article.id, baseVersion: article.version, title: "After the pause" } },
      staff.writer,
    );
    expect(saved.updateArticle.title).toBe("After the pause");
    // The tolerant instance keeps the paused replica in rotation, before and after these reads.
    expect(await state(tolerant)).toBe("healthy");
    expect(await articleAs(tolerant, article.id, staff.writer)).toMatchObject({ title: "After the pause" });
    // The editor has not written: their read goes to the replica, which has not replayed the save.
    const replicaReadsBefore = await replicaReads(tolerant, replicaLabel);
    expect(await articleAs(tolerant, article.id, staff.editor)).toMatchObject({ title: "Before the pause" });
    expect(await replicaReads(tolerant, replicaLabel)).toBeGreaterThan(replicaReadsBefore);
    expect(await state(tolerant)).toBe("healthy");

    // Published while the replica is paused: the strict instance takes the replica out once it is 1 s behind.
    await query(strict.url, `mutation($id: ID!) { publishArticle(id: $id) { status } }`, { id: article.id }, staff.editor);
    await eventually("strict instance: replica lagging", async () => (await state(strict)) === "lagging");
    const lag = /^greenlight_db_replica_lag_seconds\{replica="[^"]+"\} ([\d.e+-]+)$/m.exec(await metrics(strict));
    expect(Number(lag?.[1])).toBeGreaterThan(1);
    const fallbacksBefore = await replicaReads(strict, "primary");
    // Anonymous readers of the strict instance get the fresh, published article from the primary...
    expect(await articleAs(strict, article.id)).toEqual({ title: "After the pause", status: "PUBLISHED" });
    expect(await replicaReads(strict, "primary")).toBeGreaterThan(fallbacksBefore);
    // ...while the tolerant one still reads the paused replica, where it is an unpublished draft.
    expect(await articleAs(tolerant, article.id)).toBeNull();

    await replica.sql("SELECT pg_wal_replay_resume()");
    await eventually("strict instance: replica rejoined", async () => (await state(strict)) === "healthy");
    const [primaryBefore, replicaBefore] = [await primary.showStatements(), await replica.showStatements()];
    const statements = await readShows(strict, 2);
    expect(await replica.showStatements()).toBe(replicaBefore + statements);
    expect(await primary.showStatements()).toBe(primaryBefore);
    expect(await articleAs(tolerant, article.id)).toEqual({ title: "After the pause", status: "PUBLISHED" });
  });

  it("a stopped replica is taken out, reads keep working on the primary, and it rejoins once it is back", async () => {
    replica.stop();
    for (const server of [strict, tolerant]) {
      await eventually("replica unreachable", async () => (await state(server)) === "unreachable");
      const ready = await fetch(`${server.origin}/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: "ready", replicas: [{ replica: replicaLabel, state: "unreachable", lagMs: null }] });
    }
    const primaryBefore = await primary.showStatements();
    const statements = (await readShows(strict, 2)) + (await readShows(tolerant, 2));
    expect(await primary.showStatements()).toBe(primaryBefore + statements);

    replica.start();
    for (const server of [strict, tolerant]) await eventually("replica rejoined", async () => (await state(server)) === "healthy");
    const [primaryAfter, replicaBefore] = [await primary.showStatements(), await replica.showStatements()];
    const more = (await readShows(strict, 2)) + (await readShows(tolerant, 2));
    expect(await replica.showStatements()).toBe(replicaBefore + more);
    expect(await primary.showStatements()).toBe(primaryAfter);
  });
});
