import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
export const projectRoot = fileURLToPath(new URL("../../", import.meta.url));

function prismaCli(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("prisma/package.json")), "build", "index.js");
}

/**
 * Applies pending migrations with Prisma Migrate itself (`migrate deploy`), so the embedded
 * database, tests and production share one migration history and one code path.
 */
export async function migrateDatabase(url: string): Promise<string> {
  try {
    const { stdout } = await run(process.execPath, [prismaCli(), "migrate", "deploy"], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      maxBuffer: 16 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`Database migration failed:\n${failure.stderr || failure.stdout || failure.message}`);
  }
}
