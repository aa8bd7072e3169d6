// What is left of a compiled read once PostgreSQL has built its JSON: parsing it, completing it against the
// query (src/db/compiled/complete.ts: the non-null checks and leaf serialization) and stringifying the
// response. Measured on the statements of Q2 and Q4 against graphql-jit (its compiled query over the same
// JSON, with the API's own scalar serializers) and graphql-js's execute, so the choice of completing by
// hand rather than executing with graphql-jit rests on a figure (README Performance).
// Usage: npm run build && node bench/completion.mjs postgresql://…   (any seeded database: npm run db:seed)
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
// The API's modules and the graphql they were built with (one realm); graphql-jit and its graphql from bench's install.
const api = createRequire(join(root, "package.json"));
api("reflect-metadata");
const { getVariableValues, parse } = api("graphql");
const jitGraphql = createRequire(import.meta.url)("graphql");
const { compileQuery } = await import("graphql-jit");
const pg = api("pg");
const { buildApiSchema } = await import(join(root, "dist/schema.js"));
const { bindValues, planRootField, renderRootField } = await import(join(root, "dist/db/compiled/compiler.js"));
const { completeValue } = await import(join(root, "dist/db/compiled/complete.js"));
const { QUERIES } = await import("./queries.mjs");

const schema = await buildApiSchema();
// A resolver-free copy of the API for graphql-jit, with the API's serializers on its custom scalars.
const bare = jitGraphql.buildSchema(readFileSync(join(root, "schema.graphql"), "utf8"));
for (const type of Object.values(bare.getTypeMap())) {
  const real = schema.getType(type.name);
  if (type instanceof jitGraphql.GraphQLScalarType && !jitGraphql.isSpecifiedScalarType(type) && real?.serialize) type.serialize = real.serialize.bind(real);
}

const microseconds = (work, runs) => {
  for (let index = 0; index < 200; index += 1) work();
  const start = process.hrtime.bigint();
  for (let index = 0; index < runs; index += 1) work();
  return Number(process.hrtime.bigint() - start) / 1e3 / runs;
};

const client = new pg.Client({ connectionString: process.argv[2] ?? process.env.DATABASE_URL });
await client.connect();
for (const [name, variables, runs] of [["Q2", { first: 20 }, 2000], ["Q4", { slug: "the-imperfects" }, 20000]]) {
  const operation = parse(QUERIES[name]).definitions[0];
  const plan = planRootField(schema, [operation.selectionSet.selections[0]], {});
  const coerced = getVariableValues(schema, operation.variableDefinitions, variables).coerced;
  const statement = renderRootField(plan, coerced, { viewer: null });
  const body = (await client.query(statement.text, bindValues(statement, coerced))).rows[0].body;
  const key = operation.selectionSet.selections[0].name.value;
  const document = jitGraphql.parse(QUERIES[name]);
  const jit = compileQuery(bare, document);
  const ways = {
    "JSON.parse and stringify alone": () => JSON.stringify({ data: { [key]: JSON.parse(body) } }),
    "completeValue (Greenlight)": () => JSON.stringify({ data: { [key]: completeValue(plan.field.type, JSON.parse(body), plan.children) } }),
    "graphql-jit": () => jit.stringify(jit.query({ [key]: JSON.parse(body) }, {}, variables)),
    "graphql-js execute": () => JSON.stringify(jitGraphql.execute({ schema: bare, document, rootValue: { [key]: JSON.parse(body) }, variableValues: variables })),
  };
  const answers = new Set(Object.values(ways).map((work) => JSON.stringify(JSON.parse(work()))));
  if (answers.size !== 1) throw new Error(`${name}: the four ways answer differently`);
  console.log(`${name} (${body.length} bytes of JSON): ${Object.entries(ways).map(([way, work]) => `${way} ${microseconds(work, runs).toFixed(1)} µs`).join("; ")}`);
}
await client.end();
