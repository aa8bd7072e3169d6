import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { query } from "./support/graphql.js";
import { createTestDatabase, onPostgres, projectRoot, runCli, startServer, type RunningServer } from "./support/server.js";

/** The first week of Netflix's global file: 40 rows, four lists. */
async function oneWeekFile(folder: string): Promise<string> {
  const lines = (await readFile(join(projectRoot, "..", "shared", "data", "all-weeks-global.tsv"), "utf8")).split("\n");
  const path = join(folder, "one-week.tsv");
  await writeFile(path, lines.slice(0, 41).join("\n") + "\n");
  return path;
}

const showChartRows = `{ show(slug: "voicemails-for-isabelle") { title chartEntries { totalCount } } }`;

describe.runIf(!onPostgres)("CLI commands on the embedded database", () => {
  let dataDir: string;
  let scratch: string;
  let server: RunningServer | undefined;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "greenlight-cli-"));
    scratch = await mkdtemp(join(tmpdir(), "greenlight-cli-files-"));
  });
  afterAll(async () => {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
    await rm(scratch, { recursive: true, force: true });
  });

  it("on a data folder never started, a command migrates and seeds it first, as `start` would", async () => {
    const created = await runCli(["user:create", "--email", "cli-editor@tests.invalid", "--password", "cli-editor-password", "--role", "editor"], {
      DATA_DIR: dataDir,
    });
    expect(created.output).not.toMatch(/does not exist|Prisma/);
    expect(created.code).toBe(0);
    expect(created.output).toContain("Seeded an empty database");
    expect(created.output).toMatch(/Created EDITOR cli-editor@tests\.invalid \(id \d+\)\./);
    // Migrations and the seed in one process: minutes when the machine is shared by several suites.
  }, 600_000);

  it("while a server holds the data folder, commands go through it over its admin channel", async () => {
    server = await startServer({ DATA_DIR: dataDir });
    const channel = join(dataDir, "greenlight-admin.json");
    expect((await stat(channel)).mode & 0o777).toBe(0o600);

    const before = await query(server.url, showChartRows);
    expect(before.show).toBeNull();
    const imported = await runCli(["import-top10", await oneWeekFile(scratch)], { DATA_DIR: dataDir });
    expect(imported.output).toMatch(/one-week\.tsv: 40 rows read \(global\), 40 created/);
    expect(imported.code).toBe(0);
    expect(server.logs()).toContain('"command":"import-top10","msg":"Running a CLI command sent over the admin channel"');
    const after = await query(server.url, showChartRows);
    expect(after.show).toEqual({ title: "Voicemails for Isabelle", chartEntries: { totalCount: 1 } });

    // The server's own answers come back: a refusal is the command's failure, with the reason.
    const duplicate = await runCli(["user:create", "--email", "cli-editor@tests.invalid", "--password", "cli-editor-password", "--role", "editor"], {
      DATA_DIR: dataDir,
    });
    expect(duplicate).toEqual({ code: 1, output: "A user with email cli-editor@tests.invalid already exists.\n" });
  });

  it("the channel answers only the secret in the data folder, on loopback", async () => {
    const { port, secret } = JSON.parse(await readFile(join(dataDir, "greenlight-admin.json"), "utf8"));
    const send = (authorization: string) =>
      fetch(`http://127.0.0.1:${port}/commands`, { method: "POST", headers: { authorization }, body: JSON.stringify({ name: "seed" }) });
    expect((await send("Bearer not-the-secret")).status).toBe(401);
    expect((await send("")).status).toBe(401);
    expect((await send(`Bearer ${secret}`)).status).toBe(200);
  });

  it("the channel's file goes with the server, and commands then open the folder themselves", async () => {
    expect(await server!.stop()).toBe(0);
    server = undefined;
    await expect(stat(join(dataDir, "greenlight-admin.json"))).rejects.toThrow();
    const seeded = await runCli(["seed"], { DATA_DIR: dataDir });
    expect(seeded).toMatchObject({ code: 0, output: expect.stringContaining("Seed loaded.") });
  });
});

describe.runIf(!onPostgres)("the data folder's lock", () => {
  it("names the real ways out when a process that is not serving holds the folder", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "greenlight-locked-"));
    try {
      // This test's own process stands for a server that is still starting: alive, and no channel yet.
      await writeFile(join(dataDir, "greenlight.lock"), String(process.pid));
      const result = await runCli(["seed"], { DATA_DIR: dataDir });
      expect(result.code).toBe(1);
      expect(result.output).toContain(`The embedded database in ${dataDir} is in use by process ${process.pid}.`);
      expect(result.output).toContain("run the command again once it is serving: CLI commands then go through it");
      expect(result.output).toContain("DATABASE_URL");
      expect(result.output).not.toContain("DATA_DIR elsewhere");
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe.runIf(onPostgres)("CLI commands on a PostgreSQL server", () => {
  it("on a database without the migrations, a command says how to apply them instead of a database error", async () => {
    const database = await createTestDatabase();
    try {
      const result = await runCli(["user:create", "--email", "x@tests.invalid", "--password", "x-password-long", "--role", "writer"], database.env);
      expect(result.code).toBe(1);
      expect(result.output).toMatch(/pending migration\(s\).*Run `npm run db:migrate`/);
      expect(result.output).not.toMatch(/does not exist/);
    } finally {
      await database.drop();
    }
  });
});
