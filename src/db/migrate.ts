import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot = fileURLToPath(new URL("../../", import.meta.url));

function prismaCli(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("prisma/package.json")), "build", "index.js");
}

/** What `migrate deploy` prints once every migration is applied (or none was pending). */
const DONE = /All migrations have been successfully applied\.|No pending migrations to apply\./;

/**
 * Applies pending migrations with Prisma Migrate itself (`migrate deploy`), so the embedded
 * database, tests and production share one migration history and one code path.
 *
 * Prisma 6.19's WebAssembly schema engine leaves a 10-second timer running after its work, so
 * the CLI lingers for 10 s after printing its final line; we take that line as completion.
 */
export function migrateDatabase(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [prismaCli(), "migrate", "deploy"], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: url, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    let done = false;
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (!done && DONE.test(output)) {
        done = true;
        child.kill("SIGTERM");
        resolve(output);
      }
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.on("error", reject);
    child.on("close", (code) => {
      if (done) return;
      if (code === 0) resolve(output);
      else reject(new Error(`Database migration failed (prisma migrate deploy exited with ${code}):\n${output.trim()}`));
    });
  });
}
