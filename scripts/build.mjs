// Builds only what changed, so `npm start` and the CLI scripts cost nothing when the sources did not.
//   1. `prisma generate` when prisma/schema.prisma or the installed Prisma version differs from the last run;
//   2. `tsc --incremental` when any input of the compile (src/, tsconfig.json, package-lock.json) differs
//      from the last build. Inputs are compared by path, size and mtime rather than by "newer than dist",
//      so deleted, renamed or restored-older files count as changes too. tsc's own incremental check reads
//      and parses all 1,100 files (seconds on a busy machine); this one only stats them.
// Usage: node scripts/build.mjs [--force]
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const force = process.argv.includes("--force");
const generatedDir = join(root, "src", "db", "generated");
const generateStamp = join(generatedDir, ".schema-fingerprint");
const compileStamp = join(root, "dist", ".build-fingerprint");

const hash = (text) => createHash("sha256").update(text).digest("hex");
const readStamp = (path) => (existsSync(path) ? readFileSync(path, "utf8") : "");

function prismaFingerprint() {
  const schema = readFileSync(join(root, "prisma", "schema.prisma"), "utf8");
  const prismaVersion = JSON.parse(readFileSync(join(root, "node_modules", "prisma", "package.json"), "utf8")).version;
  return hash(`${prismaVersion}\n${schema}`);
}

function filesUnder(folder) {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

function compileFingerprint() {
  const inputs = [...filesUnder(join(root, "src")), join(root, "tsconfig.json"), join(root, "package-lock.json")].sort();
  return hash(
    inputs
      .map((path) => {
        const { size, mtimeMs } = statSync(path);
        return `${relative(root, path)} ${size} ${mtimeMs}`;
      })
      .join("\n"),
  );
}

function run(command, args, env = {}) {
  execFileSync(join(root, "node_modules", ".bin", command), args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
}

const schemaNow = prismaFingerprint();
if (force || readStamp(generateStamp) !== schemaNow || !existsSync(join(generatedDir, "client.ts"))) {
  // The generator needs some DATABASE_URL to load prisma.config.ts; it never connects.
  run("prisma", ["generate"], { DATABASE_URL: process.env.DATABASE_URL || "postgresql://localhost:5432/unused" });
  writeFileSync(generateStamp, schemaNow);
}

// During `npm ci` in the Dockerfile only the package files are present; the sources come later.
if (!existsSync(join(root, "src", "cli.ts"))) process.exit(0);

const sourcesNow = compileFingerprint();
if (!force && readStamp(compileStamp) === sourcesNow && existsSync(join(root, "dist", "cli.js"))) {
  console.error("build: up to date");
} else {
  console.error("build: compiling");
  run("tsc", ["-p", "tsconfig.json", "--incremental", "--tsBuildInfoFile", "dist/.tsbuildinfo"]);
  mkdirSync(dirname(compileStamp), { recursive: true });
  writeFileSync(compileStamp, sourcesNow);
}
