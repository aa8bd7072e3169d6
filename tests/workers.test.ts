import { readFile } from "node:fs/promises";
import { afterEach, describe, expect, it } from "vitest";
import { adminEnv } from "./support/accounts.js";
import { graphql } from "./support/graphql.js";
import { onPostgres, runCli, startServerOnFreshDatabase } from "./support/server.js";

/** The pids of a process's children, from /proc. */
async function childrenOf(pid: number): Promise<number[]> {
  const tasks = (await readFile(`/proc/${pid}/task/${pid}/children`, "utf8")).trim();
  return tasks ? tasks.split(/\s+/).map(Number) : [];
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("WORKERS: several server processes on one port", () => {
  let server: Awaited<ReturnType<typeof startServerOnFreshDatabase>> | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("refuses more than one worker on the embedded database, saying why", async () => {
    const result = await runCli(["start"], { WORKERS: "2", DATA_DIR: "/nonexistent/never-created" });
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/WORKERS: more than one needs DATABASE_URL/);
  });

  it.runIf(onPostgres)("prepares the database once, serves from every worker, and stops them all on SIGTERM with 0", async () => {
    server = await startServerOnFreshDatabase({ ...adminEnv, WORKERS: "2" });
    const primary = server.process.pid!;
    await until(() => (server!.logs().match(/Greenlight is serving/g) ?? []).length === 2);
    const workers = await childrenOf(primary);
    expect(workers).toHaveLength(2);
    // The seed and the first admin came from the primary alone.
    expect(server.logs().match(/Seeded an empty database/g)).toHaveLength(1);
    expect(server.logs().match(/Created the first admin/g)).toHaveLength(1);

    const answers = await Promise.all(
      Array.from({ length: 40 }, () => graphql(server!.url, `{ shows(first: 3) { totalCount nodes { title } } }`)),
    );
    for (const answer of answers) expect(answer.body.data.shows.nodes).toHaveLength(3);
    // Requests were spread over the workers: each logged some of them.
    const servedBy = new Set([...server.logs().matchAll(/"pid":(\d+)[^\n]*"msg":"graphql request"/g)].map((match) => Number(match[1])));
    expect([...servedBy].sort()).toEqual([...workers].sort());

    expect(await server.stop()).toBe(0);
    for (const worker of workers) expect(alive(worker)).toBe(false);
  });

  it.runIf(onPostgres)("a worker that dies takes the server down with an error, for the supervisor to restart", async () => {
    server = await startServerOnFreshDatabase({ ...adminEnv, WORKERS: "2" });
    await until(() => (server!.logs().match(/Greenlight is serving/g) ?? []).length === 2);
    const [victim, other] = await childrenOf(server.process.pid!);
    process.kill(victim!, "SIGKILL");
    await until(() => server!.process.exitCode !== null);
    expect(server.process.exitCode).toBe(1);
    expect(server.logs()).toMatch(/A worker stopped unexpectedly/);
    await until(() => !alive(other!));
  });
});
