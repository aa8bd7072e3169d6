import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { projectRoot } from "./support/server.js";

const run = promisify(execFile);

async function check(oldSdl: string, newSdl: string): Promise<{ code: number; output: string }> {
  const folder = await mkdtemp(join(tmpdir(), "schema-check-"));
  try {
    await writeFile(join(folder, "old.graphql"), oldSdl);
    await writeFile(join(folder, "new.graphql"), newSdl);
    const args = ["scripts/schema-check.mjs", "--old", join(folder, "old.graphql"), "--new", join(folder, "new.graphql")];
    try {
      const { stdout } = await run(process.execPath, args, { cwd: projectRoot });
      return { code: 0, output: stdout };
    } catch (error) {
      const failure = error as { code: number; stdout: string };
      return { code: failure.code, output: failure.stdout };
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

describe("npm run schema:check", () => {
  it("fails on a breaking change and names it; passes additions", async () => {
    const schema = await readFile(join(projectRoot, "schema.graphql"), "utf8");
    const [before, showAndAfter] = schema.split("type Show implements Node {");
    const renamed = `${before}type Show implements Node {${showAndAfter!.replace("  slug: String!", "  handle: String!")}`;
    expect(renamed).not.toBe(schema);
    const breaking = await check(schema, renamed);
    expect(breaking.code).toBe(1);
    expect(breaking.output).toMatch(/BREAKING\s+Field 'slug' was removed from object type 'Show'/);

    const added = await check(schema, schema.replace("type Query {", "type Query {\n  ping: String"));
    expect(added.code).toBe(0);
    expect(added.output).toMatch(/Field 'ping' was added to object type 'Query'/);
  });

  it("reports a type that starts implementing Node as breaking: its ids change although the SDL still says id: ID!", async () => {
    const before = "type Query { show: Show }\ntype Show { id: ID! title: String }\n";
    const after = "interface Node { id: ID! }\ntype Query { show: Show }\ntype Show implements Node { id: ID! rowId: Int! title: String }\n";
    const result = await check(before, after);
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/BREAKING\s+Field 'Show\.id' now holds global ids/);
  });
});
