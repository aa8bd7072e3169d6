// The bench's child processes: every server measured, and the CLI commands that prepare its database.
import { spawn } from "node:child_process";
import { join } from "node:path";

// Every server measured (Greenlight, the ceiling, PostGraphile, the minimal answer) runs on one Node: the npm
// package `node` in bench/package.json, the major the Dockerfile and CI run first (24). The machine's own Node
// may be older than Greenlight supports (package.json engines), and Node 20's AsyncLocalStorage puts a hook on
// every promise.
export const serverNode = join(import.meta.dirname, "node_modules", ".bin", "node");
const root = join(import.meta.dirname, "..");

/** Output kept while waiting for a line: servers log every request, so beyond this only the tail is kept. */
const MAX_OUTPUT = 1_000_000;

/** A process on `serverNode` from the repository's root; `ready(pattern)` resolves with the pattern's match in its output. */
export function child(args, env = {}) {
  const started = spawn(serverNode, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const listen = (chunk) => {
    output += chunk;
    if (output.length > MAX_OUTPUT) output = output.slice(-10_000);
  };
  started.stdout.on("data", listen);
  started.stderr.on("data", listen);
  const ready = (pattern) =>
    new Promise((resolve, reject) => {
      const timer = setInterval(() => {
        const match = pattern.exec(output);
        if (match) {
          clearInterval(timer);
          resolve(match);
        }
      }, 50);
      // "close", not "exit": by then all output has arrived, and a quick command's last line may be the one awaited.
      started.on("close", (code) => {
        clearInterval(timer);
        const match = pattern.exec(output);
        if (match) resolve(match);
        else reject(new Error(`${args.join(" ")} exited with ${code}:\n${output}`));
      });
    });
  return { process: started, ready };
}

/** Migrates and seeds a new database, as `npm start` would, before the bench generates its data. */
export async function migrateAndSeed(databaseUrl) {
  await child(["dist/cli.js", "migrate"], { DATABASE_URL: databaseUrl }).ready(/Migrations applied/);
  await child(["dist/cli.js", "seed"], { DATABASE_URL: databaseUrl, NODE_ENV: "production", JWT_SECRET: "x".repeat(40) }).ready(/Seed loaded/);
}
