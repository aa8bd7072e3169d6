import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot = fileURLToPath(new URL("../../", import.meta.url));

function prismaCliPath(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("prisma/package.json")), "build", "index.js");
}

/**
 * Runs the Prisma CLI against `url` and resolves with its standard output.
 *
 * Prisma 6.19's WebAssembly schema engine leaves a 10-second timer running after its work, so the
 * CLI lingers for 10 s after printing its final line; where a command prints a known final line
 * (`doneWhen`), we take that line as completion and end the process.
 * Async on purpose: the embedded database answers the CLI from this very process.
 */
export function runPrismaCli(args: string[], url: string, doneWhen?: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [prismaCliPath(), ...args], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: url, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let done = false;
    const finishEarly = () => {
      if (!done && doneWhen?.test(stdout)) {
        done = true;
        child.kill("SIGTERM");
        resolve(stdout);
      }
    };
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      finishEarly();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (done) return;
      if (code === 0) resolve(stdout);
      else reject(new Error(`prisma ${args.join(" ")} exited with ${code}:\n${(stderr || stdout).trim()}`));
    });
  });
}

/**
 * Applies pending migrations with Prisma Migrate itself (`migrate deploy`), so the embedded
 * database, tests and production share one migration history and one code path.
 */
export async function migrateDatabase(url: string): Promise<string> {
  try {
    return await runPrismaCli(
      ["migrate", "deploy"],
      url,
      /All migrations have been successfully applied\.|No pending migrations to apply\./,
    );
  } catch (error) {
    throw new Error(`Database migration failed: ${(error as Error).message}`);
  }
}
