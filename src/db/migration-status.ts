import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { projectRoot } from "./migrate.js";
import type { PrismaClient } from "./prisma.js";

/** Names of the migrations shipped with this build. */
export async function shippedMigrations(): Promise<string[]> {
  const entries = await readdir(join(projectRoot, "prisma", "migrations"), { withFileTypes: true });
  return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
}

/** Names of the migrations the database has finished applying. */
export async function appliedMigrations(prisma: PrismaClient): Promise<string[]> {
  const exists = await prisma.$queryRaw<{ table: string | null }[]>`SELECT to_regclass('_prisma_migrations')::text AS "table"`;
  if (!exists[0]?.table) return [];
  const rows = await prisma.$queryRaw<{ migration_name: string }[]>`
    SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
  return rows.map((row) => row.migration_name).sort();
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
