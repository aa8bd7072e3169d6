import { readdir } from "node:fs/promises";
import { join } from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { query } from "./support/graphql.js";
import { createTestDatabase, onPostgres, projectRoot, runCli, startServer } from "./support/server.js";

const TABLES = ["Show", "Season", "Person", "Credit", "ProductionCompany", "ChartEntry", "Rating", "StatusChange", "Article", "User"];

async function shippedMigrations(): Promise<string[]> {
  const entries = await readdir(join(projectRoot, "prisma", "migrations"), { withFileTypes: true });
  return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
}

describe("databases", () => {
  it("the server starts on an empty embedded data folder: migrated, seeded once", async () => {
    const database = await createTestDatabase();
    try {
      const env = onPostgres ? { ...database.env } : { DATA_DIR: database.env.DATA_DIR!, DATABASE_URL: "" };
      const first = await startServer(env);
      const before = await query(first.url, `{ shows(first: 100) { nodes { slug } } }`);
      await first.stop();
      expect(before.shows.nodes.length).toBeGreaterThan(5);
      expect(first.logs()).toContain("Seeded an empty database");

      const second = await startServer(env);
      const after = await query(second.url, `{ shows(first: 100) { nodes { slug } } }`);
      await second.stop();
      expect(after.shows).toEqual(before.shows);
      expect(second.logs()).not.toContain("Seeded an empty database");
    } finally {
      await database.drop();
    }
  });

  it.runIf(onPostgres)("migrates an empty PostgreSQL database from scratch, and a second run is a no-op", async () => {
    const database = await createTestDatabase();
    try {
      const migrated = await runCli(["migrate"], database.env);
      expect(migrated.output).toContain("Migrations applied.");
      expect(migrated.code).toBe(0);
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        const tables = await client.query<{ table_name: string }>(
          `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
        );
        expect(tables.rows.map((row) => row.table_name)).toEqual(expect.arrayContaining([...TABLES, "_prisma_migrations"]));
        const applied = await client.query<{ migration_name: string }>(
          `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name`,
        );
        expect(applied.rows.map((row) => row.migration_name)).toEqual(await shippedMigrations());

        const again = await runCli(["migrate"], database.env);
        expect(again.code).toBe(0);
        const count = await client.query(`SELECT count(*)::int AS n FROM _prisma_migrations`);
        expect(count.rows[0].n).toBe(applied.rows.length);
      } finally {
        await client.end();
      }
    } finally {
      await database.drop();
    }
  });

  it.runIf(!onPostgres)("migrates an empty embedded database from scratch, without seeding it", async () => {
    const database = await createTestDatabase();
    try {
      const migrated = await runCli(["migrate"], database.env);
      expect(migrated.code).toBe(0);
      const server = await startServer({ ...database.env, SEED_ON_START: "false", MIGRATE_ON_START: "false" });
      try {
        const data = await query(server.url, `{ shows { nodes { slug } } articles { nodes { slug } } people { nodes { slug } } }`);
        expect(data).toEqual({ shows: { nodes: [] }, articles: { nodes: [] }, people: { nodes: [] } });
      } finally {
        await server.stop();
      }
    } finally {
      await database.drop();
    }
  });

  it.runIf(onPostgres)("refuses to serve a PostgreSQL database with pending migrations, and says what to run", async () => {
    const database = await createTestDatabase();
    try {
      const started = startServer({ ...database.env, MIGRATE_ON_START: "false", SEED_ON_START: "false" }, { timeoutMs: 30_000 });
      await expect(started).rejects.toThrow(/pending migration[\s\S]*npm run db:migrate/);
    } finally {
      await database.drop();
    }
  });

  it("refuses an invalid configuration with a message naming the variable", async () => {
    const result = await runCli(["start"], { PORT: "not-a-port", DATA_DIR: "/nonexistent/never-created" });
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/Invalid configuration[\s\S]*PORT/);
  });

  it("refuses a heap growth factor outside 0-100 (HEAP_GROWTH_PERCENT), naming it", async () => {
    const result = await runCli(["start"], { HEAP_GROWTH_PERCENT: "250", DATA_DIR: "/nonexistent/never-created" });
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/Invalid configuration[\s\S]*HEAP_GROWTH_PERCENT/);
  });

  it("prisma/schema.prisma has a migration for every change (run `npm run db:new-migration -- NAME`)", async () => {
    const { readFile } = await import("node:fs/promises");
    const schema = await readFile(join(projectRoot, "prisma", "schema.prisma"), "utf8");
    const snapshot = await readFile(join(projectRoot, "prisma", "migrations", "schema.snapshot.prisma"), "utf8");
    expect(snapshot.replace(/^(\/\/.*\n){2}/, "")).toBe(schema);
  });
});
