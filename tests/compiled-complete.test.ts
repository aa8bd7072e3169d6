import { execFileSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "./support/server.js";

// The value completion a query answered without execution goes through (src/db/compiled/complete.ts):
// what graphql-js would do to the statement's JSON. The HTTP tests (statements.test.ts, compiled-reads.test.ts)
// prove the answers match the resolver path on real data; real data never has a null where the schema promises
// a value, so that refusal is proven here, on the built schema and a real plan, with hand-made JSON. The schema
// is built in a node process of its own, as the server builds it (type-graphql's reflection needs tsc's output
// as it is, not as vitest transforms it).
const answer = {
  title: "The Imperfects",
  status: "CANCELED",
  premiereDate: "2022-09-08",
  createdAt: "2026-11-30T12:00:00.000Z",
  seasons: [{ number: 1, releaseDate: "2022-09-08" }],
  credits: { totalCount: 1, pageInfo: { hasNextPage: false, endCursor: "c" }, nodes: [{ role: "CREATOR" }] },
};
const cases: Record<string, unknown> = {
  complete: answer,
  "no premiere date": { ...answer, premiereDate: null },
  "no show": null,
  "no title": { ...answer, title: null },
  "no createdAt": { ...answer, createdAt: null },
  "a season without a number": { ...answer, seasons: [{ number: null, releaseDate: null }] },
  "no seasons list": { ...answer, seasons: null },
  "no totalCount": { ...answer, credits: { ...answer.credits, totalCount: null } },
  "no hasNextPage": { ...answer, credits: { ...answer.credits, pageInfo: { hasNextPage: null, endCursor: null } } },
  "a null node": { ...answer, credits: { ...answer.credits, nodes: [null] } },
  "an unknown status": { ...answer, status: "NOT_A_STATUS" },
  "a date that is not one": { ...answer, premiereDate: "not a date" },
  "a JSON value that is not a list": { ...answer, seasons: "not a list" },
};

const script = `
import "reflect-metadata";
import { parse } from "graphql";
const { buildApiSchema } = await import("./dist/schema.js");
const { planRootField } = await import("./dist/db/compiled/compiler.js");
const { completeValue, INCOMPLETE } = await import("./dist/db/compiled/complete.js");
const schema = await buildApiSchema();
const operation = parse(\`{ show(slug: "x") { title status premiereDate createdAt seasons { number releaseDate }
  credits(first: 2) { totalCount pageInfo { hasNextPage endCursor } nodes { role } } } }\`).definitions[0];
const plan = planRootField(schema, [operation.selectionSet.selections[0]], {});
const cases = JSON.parse(process.argv[1]);
const results = {};
for (const [name, value] of Object.entries(cases)) {
  const completed = completeValue(plan.field.type, value, plan.children);
  results[name] = completed === INCOMPLETE ? "INCOMPLETE" : completed;
}
console.log(JSON.stringify(results));
`;

let results: Record<string, unknown>;
beforeAll(() => {
  results = JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script, JSON.stringify(cases)], { cwd: projectRoot, encoding: "utf8" }));
}, 60_000);

describe("completing a compiled answer as graphql-js would", () => {
  it("passes a complete answer through, its scalars serialized", () => {
    expect(results.complete).toEqual(answer);
  });

  it("a null is kept where the schema allows it", () => {
    expect(results["no premiere date"]).toEqual({ ...answer, premiereDate: null });
    expect(results["no show"]).toBeNull();
  });

  it("a null where the schema promises a value, at any depth, leaves the answer to graphql-js", () => {
    for (const name of ["no title", "no createdAt", "a season without a number", "no seasons list", "no totalCount", "no hasNextPage", "a null node"]) {
      expect(results[name], name).toBe("INCOMPLETE");
    }
  });

  it("a value its enum cannot serialize, or not of its type's shape, leaves the answer to graphql-js too", () => {
    expect(results["an unknown status"]).toBe("INCOMPLETE");
    expect(results["a JSON value that is not a list"]).toBe("INCOMPLETE");
  });

  it("takes a date as the statement formatted it: to_char gives the scalar's form, so it is not validated again", () => {
    // columns.ts dateColumn/instantColumn mark their mapping `serialized` (mapping.ts); the HTTP tests prove
    // those strings equal the resolver path's serialized dates. Validating each again cost a third of Q2's completion.
    expect(results["a date that is not one"]).toEqual({ ...answer, premiereDate: "not a date" });
  });
});
