import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import { projectRoot } from "./support/server.js";

// The printed schema against graphql-eslint's recommended and Relay schema rules, with the
// deliberate exceptions listed (and explained) in eslint.config.mjs.
describe("schema.graphql lint", () => {
  it("has no findings under graphql-eslint's schema rules (recommended and relay)", async () => {
    const eslint = new ESLint({ cwd: projectRoot });
    const [result] = await eslint.lintFiles(["schema.graphql"]);
    const findings = result!.messages.map((message) => `schema.graphql:${message.line} ${message.ruleId}: ${message.message}`);
    expect(findings).toEqual([]);
  });

  it("applies the rules it claims to (a finding is reported, not silently skipped)", async () => {
    const eslint = new ESLint({ cwd: projectRoot });
    const [result] = await eslint.lintText("type ShowType { id: ID! title: String }\ntype Query { shows(first: Int): [ShowType] }\n", { filePath: "schema.graphql" });
    const rules = new Set(result!.messages.map((message) => message.ruleId));
    expect(rules).toContain("@graphql-eslint/require-description");
    expect(rules).toContain("@graphql-eslint/naming-convention");
  });
});
