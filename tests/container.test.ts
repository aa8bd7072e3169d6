import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot, startServerOnFreshDatabase } from "./support/server.js";

// Docker itself cannot run here (no registry for the base images), so the container's own commands are run
// as the image runs them: the health check against a server on a port of the test's choosing, and the start
// command on a fresh database.
const dockerfile = await readFile(join(projectRoot, "Dockerfile"), "utf8");

function run(command: string, args: string[], env: Record<string, string>, timeoutMs = 20_000): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: projectRoot, env: { ...process.env, ...env }, stdio: "ignore" });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("the container's health check", () => {
  let server: Awaited<ReturnType<typeof startServerOnFreshDatabase>>;
  beforeAll(async () => {
    server = await startServerOnFreshDatabase({ HEALTH_CHECK_INTERVAL_MS: "200" });
  });
  afterAll(async () => {
    await server?.close();
  });

  const healthcheck = /^HEALTHCHECK (.*) CMD node -e "(.*)"$/m.exec(dockerfile);

  it("has a start period, for the migrations run before the server listens", () => {
    expect(healthcheck).not.toBeNull();
    expect(healthcheck![1]).toMatch(/--start-period=\d+s/);
  });

  it("asks /ready on the port the server is configured for, not a fixed one", async () => {
    const script = healthcheck![2]!;
    const port = new URL(server.url).port;
    expect(await run(process.execPath, ["-e", script], { PORT: port })).toBe(0);
    expect(await run(process.execPath, ["-e", script], { PORT: String(await closedPort()) })).toBe(1);
  });
});

describe("the container's start command", () => {
  it("migrates, then serves", async () => {
    const command = /^CMD \["sh", "-c", "(.*)"\]$/m.exec(dockerfile)?.[1];
    expect(command).toBe("node dist/cli.js migrate && exec node dist/cli.js start");
    // With the image's NODE_OPTIONS: a young generation of two 16 MB semi-spaces (see the Dockerfile why).
    const nodeOptions = /^ENV .*\bNODE_OPTIONS=(\S+)/m.exec(dockerfile)?.[1];
    expect(nodeOptions).toBe("--max-semi-space-size=16");
    await onFreshDataDir("sh", ["-c", command!], { NODE_OPTIONS: nodeOptions! }, async ({ child, output, exited }) => {
      const deadline = Date.now() + 180_000;
      while (!/Greenlight is serving/.test(output()) && child.exitCode === null && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(output()).toContain("Migrations applied.");
      expect(output()).toMatch(/Greenlight is serving/);
      const url = /"url":"(http:\/\/[^"]+)\/graphql"/.exec(output())![1]!;
      const metrics = await (await fetch(`${url}/metrics`)).text();
      const newSpace = Number(/nodejs_heap_space_size_total_bytes\{space="new"\} (\d+)/.exec(metrics)?.[1]);
      expect(newSpace).toBeGreaterThan(0);
      expect(newSpace).toBeLessThanOrEqual(32 * 2 ** 20);
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    });
  });

  it("a SIGTERM while the server is still starting stops it once started, with exit code 0", async () => {
    // An orchestrator may stop a container that is still starting (a rollout replaced it): Node's default
    // for SIGTERM would kill it mid-migration with no exit code.
    await onFreshDataDir(process.execPath, ["dist/cli.js", "start"], {}, async ({ child, output, exited }) => {
      // As soon as the server says it is starting (its signal handlers are in place), which is long before a
      // fresh embedded database is migrated and seeded; waiting a fixed time instead raced Node's own start
      // on a loaded machine.
      await new Promise<void>((resolve, reject) => {
        const check = () => (/Greenlight is starting/.test(output()) ? resolve() : undefined);
        child.stdout!.on("data", check);
        child.stderr!.on("data", check);
        child.on("exit", () => reject(new Error(`exited before starting:\n${output()}`)));
        check();
      });
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(output()).toMatch(/Greenlight is serving/);
      expect(output()).toContain("Shutting down");
    });
  });
});

/** Runs `file args` (with `env` added) from the project root on an embedded database of its own (a new DATA_DIR, removed after), collecting its output. */
async function onFreshDataDir(
  file: string,
  args: string[],
  env: Record<string, string>,
  use: (started: { child: ChildProcess; output: () => string; exited: Promise<number | null> }) => Promise<void>,
): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), "greenlight-container-"));
  try {
    const child = spawn(file, args, {
      cwd: projectRoot,
      env: { ...process.env, NODE_ENV: "test", PORT: "0", DATA_DIR: dataDir, DATABASE_URL: "", RATE_LIMIT_PER_MINUTE: "0", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    await use({ child, output: () => output, exited });
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}
