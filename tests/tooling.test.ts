import { execFile } from "node:child_process";
import { readdirSync, statSync, utimesSync } from "node:fs";
import { cp, mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "./support/server.js";

const run = promisify(execFile);

async function script(name: string, env: Record<string, string> = {}, root = projectRoot) {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(root, "scripts", name)], { cwd: root, env: { ...process.env, ...env } });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

function modificationTimes(folder: string): Map<string, number> {
  const files = readdirSync(folder, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  return new Map(files.map((entry) => [join(entry.parentPath, entry.name), statSync(join(entry.parentPath, entry.name)).mtimeMs]));
}

describe("build", () => {
  // A copy of the project (node_modules shared), built once, so compiling never rewrites the dist/ that
  // the other tests' servers are loading.
  let copy: string;
  beforeAll(async () => {
    copy = await mkdtemp(join(tmpdir(), "greenlight-build-"));
    for (const path of ["src", "scripts", "prisma", "prisma.config.ts", "tsconfig.json", "package.json", "package-lock.json"]) {
      await cp(join(projectRoot, path), join(copy, path), { recursive: true });
    }
    await symlink(join(projectRoot, "node_modules"), join(copy, "node_modules"));
    const first = await script("build.mjs", {}, copy);
    expect(first).toMatchObject({ code: 0, output: expect.stringContaining("build: compiling") });
    // The Prisma client came along with its fingerprint: not generated again.
    expect(first.output).not.toContain("Generated Prisma Client");
  });
  afterAll(async () => {
    if (copy) await rm(copy, { recursive: true, force: true });
  });

  it("a second build with nothing changed compiles nothing and rewrites no file in dist/", async () => {
    const before = modificationTimes(join(copy, "dist"));
    expect(before.size).toBeGreaterThan(100);
    const second = await script("build.mjs", {}, copy);
    expect(second).toEqual({ code: 0, output: "build: up to date\n" });
    expect(modificationTimes(join(copy, "dist"))).toEqual(before);
  });

  it("a source file touched since the last build makes the next build compile, and the one after it not", async () => {
    const now = new Date();
    utimesSync(join(copy, "src", "logger.ts"), now, now);
    const touched = await script("build.mjs", {}, copy);
    expect(touched).toMatchObject({ code: 0, output: expect.stringContaining("build: compiling") });
    expect(await script("build.mjs", {}, copy)).toEqual({ code: 0, output: "build: up to date\n" });
  });
});

describe("npm test's prerequisites check", () => {
  it("passes on a machine with everything", async () => {
    const result = await script("test-prerequisites.mjs");
    expect(result).toEqual({ code: 0, output: "" });
  });

  it("names each missing prerequisite and how to install it, one line each, and fails", async () => {
    const result = await script("test-prerequisites.mjs", {
      PREREQ_CHROMIUM: "/nonexistent/chromium",
      PREREQ_REDIS_URL: "redis://127.0.0.1:9",
      PREREQ_POSTGRES_BIN: "/nonexistent/postgresql/bin",
      TEST_DATABASE_URL: "postgresql://postgres@127.0.0.1:9/postgres",
    });
    expect(result.code).toBe(1);
    expect(result.output.trim().split("\n")).toEqual([
      "npm test needs: Chromium is missing at /nonexistent/chromium (the playground browser tests): apt-get install chromium",
      "npm test needs: Redis is not answering at 127.0.0.1:9 (the shared cache and rate-limit tests): apt-get install redis-server && redis-server --daemonize yes",
      "npm test needs: PostgreSQL is not answering at 127.0.0.1:9 (TEST_DATABASE_URL): apt-get install postgresql && service postgresql start",
      "npm test needs: PostgreSQL 15's pg_ctl is missing in /nonexistent/postgresql/bin (the database-outage tests): apt-get install postgresql-15",
    ]);
  });
});
