import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import pg from "pg";

export const projectRoot = resolve(import.meta.dirname, "..", "..");
export const cliPath = join(projectRoot, "dist", "cli.js");

/** Where the suite's databases live: an external PostgreSQL server when TEST_DATABASE_URL is set. */
export const externalServerUrl = process.env.TEST_DATABASE_URL || undefined;
export const onPostgres = externalServerUrl !== undefined;

export interface TestDatabase {
  /** Environment that points the CLI at this database. */
  env: Record<string, string>;
  /** A connection URL (external PostgreSQL only): tests may inspect or sabotage it directly. */
  url?: string;
  drop(): Promise<void>;
}

function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * A fresh, empty database: a new database on TEST_DATABASE_URL's server, or an empty folder for
 * the embedded engine. `drop` removes it even after failures.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (externalServerUrl) {
    const name = `greenlight_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
    const admin = new pg.Client({ connectionString: externalServerUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE "${name}"`);
    } finally {
      await admin.end();
    }
    const url = databaseUrl(externalServerUrl, name);
    return {
      url,
      env: { DATABASE_URL: url },
      async drop() {
        const client = new pg.Client({ connectionString: externalServerUrl });
        await client.connect();
        try {
          await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        } finally {
          await client.end();
        }
      },
    };
  }
  const dataDir = await mkdtemp(join(tmpdir(), "greenlight-test-"));
  return {
    env: { DATA_DIR: dataDir },
    async drop() {
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface RunningServer {
  url: string;
  /** Base URL without /graphql. */
  origin: string;
  logs(): string;
  stop(): Promise<number | null>;
  process: ChildProcess;
}

/** Environment every test server gets: quiet, fast background jobs, test mode. */
const baseEnv = {
  NODE_ENV: "test",
  PORT: "0",
  LOG_LEVEL: "info",
  SCHEDULER_INTERVAL_MS: "200",
  WEBHOOK_POLL_INTERVAL_MS: "200",
  WEBHOOK_RETRY_BASE_MS: "100",
  // Tests sign in and query far faster than people do; the rate-limit tests set their own limits.
  RATE_LIMIT_PER_MINUTE: "0",
  PROBE_RATE_LIMIT_PER_MINUTE: "0",
  SIGNIN_MAX_PER_ADDRESS: "1000",
  // The tests' webhook receivers listen on loopback, which webhooks may not reach unless allowed;
  // tests of that refusal set WEBHOOK_ALLOWED_HOSTS: "" themselves.
  WEBHOOK_ALLOWED_HOSTS: "127.0.0.1",
};

/**
 * Starts `node dist/cli.js start` with `env` and resolves once it logs that it is serving.
 * External databases are migrated and seeded at start unless the caller says otherwise.
 */
export function startServer(env: Record<string, string>, options: { timeoutMs?: number } = {}): Promise<RunningServer> {
  const fullEnv: Record<string, string> = {
    ...(process.env as Record<string, string>),
    ...baseEnv,
    ...(env.DATABASE_URL ? { MIGRATE_ON_START: "true", SEED_ON_START: "true" } : {}),
    ...env,
  };
  for (const key of ["DATABASE_URL", "DATA_DIR"]) if (!(key in env)) delete fullEnv[key];
  const child = spawn(process.execPath, [cliPath, "start"], { cwd: projectRoot, env: fullEnv, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolveExit) => child.on("exit", (code) => resolveExit(code)));

  const stop = async (): Promise<number | null> => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };

  return new Promise((resolveStart, rejectStart) => {
    const timeout = setTimeout(() => {
      void stop();
      rejectStart(new Error(`Server did not start within ${options.timeoutMs ?? 120_000} ms:\n${output}`));
    }, options.timeoutMs ?? 120_000);
    const onData = () => {
      const match = /"url":"(http:\/\/[^"]+)"[^\n]*"msg":"Greenlight is serving"/.exec(output);
      if (!match) return;
      clearTimeout(timeout);
      child.stdout!.off("data", onData);
      const url = match[1]!.replace("localhost", "127.0.0.1");
      resolveStart({ url, origin: url.replace(/\/graphql$/, ""), logs: () => output, stop, process: child });
    };
    child.stdout!.on("data", onData);
    void exited.then((code) => {
      clearTimeout(timeout);
      rejectStart(new Error(`Server exited with ${code} before serving:\n${output}`));
    });
  });
}

/** Runs a CLI command to completion. */
export function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const fullEnv: Record<string, string> = { ...(process.env as Record<string, string>), NODE_ENV: "test", ...env };
  for (const key of ["DATABASE_URL", "DATA_DIR"]) if (!(key in env)) delete fullEnv[key];
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, [cliPath, ...args], { cwd: projectRoot, env: fullEnv, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("exit", (code) => resolveRun({ code, output }));
  });
}

/** A database plus a server on it, stopped and dropped together. */
export async function startServerOnFreshDatabase(env: Record<string, string> = {}) {
  const database = await createTestDatabase();
  try {
    const server = await startServer({ ...database.env, ...env });
    return {
      ...server,
      database,
      async close() {
        await server.stop();
        await database.drop();
      },
    };
  } catch (error) {
    await database.drop();
    throw error;
  }
}
