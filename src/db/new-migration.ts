import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { startEmbeddedPostgres } from "./embedded.js";
import { projectRoot, runPrismaCli } from "./migrate.js";

const schemaPath = join(projectRoot, "prisma", "schema.prisma");
const migrationsDir = join(projectRoot, "prisma", "migrations");
/** The schema as of the newest migration: what the next migration starts from. */
export const snapshotPath = join(migrationsDir, "schema.snapshot.prisma");

const SNAPSHOT_HEADER =
  "// Snapshot of prisma/schema.prisma as of the newest migration; written by `npm run db:new-migration`.\n" +
  "// The next migration is the diff from this file to the schema. Do not edit by hand.\n";

export async function readSnapshot(): Promise<string> {
  return (await readFile(snapshotPath, "utf8")).replace(SNAPSHOT_HEADER, "");
}

function timestamp(now = new Date()): string {
  return now.toISOString().replace(/\D/g, "").slice(0, 14);
}

/**
 * Writes the next migration as the SQL difference between the snapshot and the schema.
 * `prisma migrate dev` needs a shadow database, which the JavaScript schema engine cannot
 * introspect here; diffing two datamodels needs no database at all, so this works offline.
 * Returns the new migration's folder name, or null when the schema has not changed.
 */
export async function createMigration(name: string): Promise<string | null> {
  if (!/^[a-z0-9_]{1,60}$/.test(name)) {
    throw new Error("Migration name must be 1-60 lowercase letters, digits or underscores, e.g. add_show_website");
  }
  const schema = await readFile(schemaPath, "utf8");
  // The CLI insists on connecting its driver adapter even for a datamodel-to-datamodel diff.
  const scratch = await startEmbeddedPostgres({ maxConnections: 2 });
  let sql: string;
  try {
    sql = await runPrismaCli(
      ["migrate", "diff", "--from-schema-datamodel", snapshotPath, "--to-schema-datamodel", schemaPath, "--script"],
      scratch.url,
    );
  } finally {
    await scratch.stop();
  }
  if (/^-- This is an empty migration\.\s*$/.test(sql.trim())) return null;

  const folder = `${timestamp()}_${name}`;
  await mkdir(join(migrationsDir, folder));
  await writeFile(join(migrationsDir, folder, "migration.sql"), sql);
  await writeFile(snapshotPath, SNAPSHOT_HEADER + schema);
  return folder;
}
