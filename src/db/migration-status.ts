import { readdir } from "node:fs/promises";
import { join } from "node:path";
import pg from "pg";
import { projectRoot } from "./migrate.js";
import type { PrismaClient } from "./prisma.js";

/** Names of the migrations shipped with this build. */
export async function shippedMigrations(): Promise<string[]> {
  const entries = await readdir(join(projectRoot, "prisma", "migrations"), { withFileTypes: true });
  return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
}

const MIGRATIONS_TABLE = `SELECT to_regclass('_prisma_migrations')::text AS "table"`;
const FINISHED_MIGRATIONS = `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;

/** Names of the migrations the database has finished applying. */
export async function appliedMigrations(prisma: PrismaClient): Promise<string[]> {
  const exists = await prisma.$queryRawUnsafe<{ table: string | null }[]>(MIGRATIONS_TABLE);
  if (!exists[0]?.table) return [];
  const rows = await prisma.$queryRawUnsafe<{ migration_name: string }[]>(FINISHED_MIGRATIONS);
  return rows.map((row) => row.migration_name).sort();
}

/** Whether the database at `url` lacks a migration of this build, asked over one short-lived connection. */
export async function hasPendingMigrations(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 30_000 });
  await client.connect();
  try {
    const exists = await client.query<{ table: string | null }>(MIGRATIONS_TABLE);
    const applied = exists.rows[0]?.table ? (await client.query<{ migration_name: string }>(FINISHED_MIGRATIONS)).rows : [];
    const names = new Set(applied.map((row) => row.migration_name));
    return (await shippedMigrations()).some((name) => !names.has(name));
  } finally {
    await client.end();
  }
}

/** Migrations shipped with this build that the database has not finished applying. */
export async function pendingMigrations(prisma: PrismaClient): Promise<string[]> {
  const applied = new Set(await appliedMigrations(prisma));
  return (await shippedMigrations()).filter((name) => !applied.has(name));
}

/** Refuses to serve a database whose schema is behind this build, with the command that fixes it. */
export async function assertMigrationsApplied(prisma: PrismaClient): Promise<void> {
  const pending = await pendingMigrations(prisma);
  if (pending.length > 0) {
    throw new Error(
      `The database has ${pending.length} pending migration(s) (${pending.join(", ")}). ` +
        "Run `npm run db:migrate` (or set MIGRATE_ON_START=true) and start again.",
    );
  }
}
