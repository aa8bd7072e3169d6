import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, graphql } from "./support/graphql.js";
import { fillPlaceholders, parseReadmeBlocks, readReadmeBlocks, splitOperations, substituteCaptured, type CommandBlock, type ReadmeBlock } from "./support/readme.js";
import { createTestDatabase, onPostgres, projectRoot, startServer, type RunningServer, type TestDatabase } from "./support/server.js";

/**
 * The executable README: every command block it shows runs here, in order, against one freshly
 * seeded server in development mode (so the development users exist), and every printed answer
 * is compared with the real one. How blocks are read and marked: tests/support/readme.ts.
 *
 * - graphql blocks: each operation is POSTed to /graphql; once an answer has given `<token>`, every
 *   later operation sends it as `Authorization: Bearer <token>`, as the README tells its reader to.
 * - sh blocks run through bash as written, with the README's `http://localhost:4000` pointed at
 *   the test's server and `../shared/data` at the data folder. `npm run SCRIPT -- ARGS` runs the
 *   script as package.json defines it minus its leading `npm run build` (the suite is built once,
 *   and rebuilding dist/ under running tests would break them), on the test's own database.
 */

const README = join(projectRoot, "README.md");
const blocks = readReadmeBlocks(README);
const ORIGIN_IN_README = "http://localhost:4000";
const SERVER_ENV = { NODE_ENV: "development" };

/** The read-only data folder: beside the checkout, or beside a folder above it (git worktrees). */
function sharedDataFolder(): string {
  for (let folder = projectRoot; folder !== dirname(folder); folder = dirname(folder)) {
    const candidate = join(dirname(folder), "shared", "data");
    if (existsSync(candidate)) return candidate;
  }
  throw new Error("No ../shared/data folder found above the project");
}

/** Bash function standing in for `npm run SCRIPT`: each script of package.json that starts by building. */
function npmFunction(): string {
  const scripts: Record<string, string> = JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8")).scripts;
  const cases = Object.entries(scripts)
    .filter(([, command]) => command.startsWith("npm run build && "))
    .map(([name, command]) => `    '${name}') ${command.slice("npm run build && ".length)} "$@" ;;`);
  return [
    "npm() {",
    '  if [ "$1" != run ]; then echo "readme test: only npm run SCRIPT can run here, not npm $1" >&2; return 127; fi',
    '  local script=$2; shift 2; if [ "${1-}" = "--" ]; then shift; fi',
    '  case "$script" in',
    ...cases,
    '    *) echo "readme test: npm run $script is not a script the test can run" >&2; return 127 ;;',
    "  esac",
    "}",
  ].join("\n");
}

function runBash(script: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const fullEnv: Record<string, string> = { ...(process.env as Record<string, string>), ...SERVER_ENV, ...env };
  for (const key of ["DATABASE_URL", "DATA_DIR"]) if (!(key in env)) delete fullEnv[key];
  return new Promise((resolveRun) => {
    const child = spawn("bash", ["-c", `set -eo pipefail\n${npmFunction()}\n${script}`], { cwd: projectRoot, env: fullEnv });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("exit", (code) => resolveRun({ code, stdout, stderr }));
  });
}

const usesCli = (block: ReadmeBlock) => /^\s*npm run /m.test(block.text);

describe("README.md, run from top to bottom", () => {
  let database: TestDatabase;
  let server: RunningServer | null = null;
  const captured = new Map<string, unknown>();
  const ran: string[] = [];

  async function runningServer(): Promise<RunningServer> {
    server ??= await startServer({ ...database.env, ...SERVER_ENV });
    return server;
  }

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
    const report = blocks.map((block) =>
      block.kind === "text"
        ? `  line ${block.line}: text, not a command`
        : `  line ${block.line}: ${block.kind} ${block.skip ? `skipped (${block.skip})` : ran.includes(label(block)) ? "ran" : "FAILED or not run"}${block.answer ? `, answer at line ${block.answer.line}` : ""}`,
    );
    console.log(`README blocks:\n${report.join("\n")}`);
  });

  /** Compares an answer with the README's, or, when it prints none, requires an answer without errors. */
  function checkAnswer(block: CommandBlock, actual: unknown) {
    if (block.answer) {
      expect(actual, `the answer printed at README line ${block.answer.line}`).toStrictEqual(
        fillPlaceholders(block.answer.value, actual, captured),
      );
    } else if (actual && typeof actual === "object" && "errors" in actual) {
      const errors = (actual as { errors: { message: string; extensions?: Record<string, unknown> }[] }).errors;
      const brief = errors.map(({ message, extensions }) => ({ message, code: extensions?.code, field: extensions?.field }));
      throw new Error(`README line ${block.line} answered errors: ${JSON.stringify(brief)}`);
    }
  }

  async function runGraphql(block: CommandBlock) {
    const operations = splitOperations(substituteCaptured(block.text, captured));
    if (block.answer && operations.length > 1) {
      throw new Error(`README line ${block.line}: an answer can only follow a block with one operation`);
    }
    for (const operation of operations) {
      const { url } = await runningServer();
      const token = captured.get("token");
      const response = await graphql(url, operation, undefined, typeof token === "string" ? bearer(token) : {});
      checkAnswer(block, response.body);
    }
  }

  async function runShell(block: CommandBlock) {
    if (usesCli(block) && !onPostgres && server) {
      // One process at a time on the embedded database: the CLI gets it while the server rests.
      await server.stop();
      server = null;
    }
    const origin = usesCli(block) ? ORIGIN_IN_README : (await runningServer()).origin;
    const script = substituteCaptured(block.text, captured)
      .replaceAll(ORIGIN_IN_README, origin)
      .replaceAll("../shared/data", sharedDataFolder());
    const result = await runBash(script, database.env);
    if (result.code !== 0) {
      throw new Error(`README line ${block.line} exited with ${result.code}:\n${result.stdout}\n${result.stderr}`);
    }
    let output: unknown = result.stdout;
    try {
      output = JSON.parse(result.stdout);
    } catch {
      if (block.answer) throw new Error(`README line ${block.line} printed no JSON to compare:\n${result.stdout}`);
    }
    checkAnswer(block, output);
  }

  for (const block of blocks) {
    if (block.kind === "text") continue;
    const name = label(block);
    if (block.skip) {
      it.skip(`${name} (skipped: ${block.skip})`, () => {});
      continue;
    }
    // The Top 10 import reads 145,000 rows: minutes on a busy 2-core machine, not the default 3.
    const timeoutMs = usesCli(block) ? 600_000 : undefined;
    it(name, async () => {
      if (block.kind === "graphql") await runGraphql(block);
      else await runShell(block);
      ran.push(name);
    }, timeoutMs);
  }

  it("runs every block not marked skipped", () => {
    const runnable = blocks.filter((block) => block.kind !== "text" && !block.skip).map(label);
    expect(ran).toEqual(runnable);
    expect(runnable.length).toBeGreaterThan(5);
  });
});

function label(block: ReadmeBlock): string {
  const firstLine = block.text.split("\n").find((line) => line.trim() !== "") ?? "";
  return `line ${block.line} (${block.kind}): ${firstLine.trim().slice(0, 70)}`;
}

describe("how the README's blocks are read", () => {
  const fence = (language: string, body: string) => "```" + language + "\n" + body + "\n```\n";

  it("refuses a block in a language it cannot run unless it is marked skipped", () => {
    expect(() => parseReadmeBlocks(`Intro\n\n${fence("js", "console.log(1)")}`)).toThrow(/line 3: no way to run a `js` block/);
    const skipped = parseReadmeBlocks(`<!-- readme-test: skip (Docker) -->\n${fence("sh", "docker compose up")}`);
    expect(skipped).toEqual([{ kind: "sh", line: 2, text: "docker compose up\n", skip: "Docker" }]);
    // A marked configuration fragment is shown as text, never run.
    const fragment = parseReadmeBlocks(`<!-- readme-test: skip (a config fragment) -->\n${fence("ts", "scalars: {}")}`);
    expect(fragment).toEqual([{ kind: "text", line: 2, text: "scalars: {}\n" }]);
  });

  it("takes a json block as the answer of the command before it, in list items too", () => {
    const blocks = parseReadmeBlocks(`1. Ask:\n\n   ${fence("graphql", "   { a }").replaceAll("\n```", "\n   ```")}\n   ${fence("json", '   {"data": {"a": "<any>"}}').replaceAll("\n```", "\n   ```")}`);
    expect(blocks).toEqual([{ kind: "graphql", line: 3, text: "{ a }\n", answer: { line: 7, value: { data: { a: "<any>" } } } }]);
    expect(() => parseReadmeBlocks(fence("json", "{}"))).toThrow(/must follow the sh or graphql block it answers/);
  });

  it("matches placeholders to any value, captures them, and compares everything else exactly", () => {
    const captured = new Map<string, unknown>();
    const expected = { data: { signIn: { token: "<token>", user: { role: "EDITOR" } } } };
    expect(fillPlaceholders(expected, { data: { signIn: { token: "abc", user: { role: "EDITOR" } } } }, captured)).toEqual({
      data: { signIn: { token: "abc", user: { role: "EDITOR" } } },
    });
    expect(substituteCaptured("Bearer <token>, <other>", captured)).toBe("Bearer abc, <other>");
    // A missing value is not matched by a placeholder: the comparison then fails on it.
    expect(fillPlaceholders({ token: "<token>" }, { token: null }, captured)).toEqual({ token: "<token>" });
  });

  it("splits a block of several operations into one request each, fragments included", () => {
    const operations = splitOperations("mutation { a }\nquery Q { ...F }\nfragment F on Query { b }");
    expect(operations).toHaveLength(2);
    expect(operations[1]).toContain("fragment F on Query");
  });
});
