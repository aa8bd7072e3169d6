// Greenlight's compiled answer with nothing around it: node:http + pg answering a GraphQL read with the
// statement Greenlight's compiler renders for it (dist/db/compiled), doing only what every such answer
// needs: reading and parsing the request, the document from a cache by its text, the variables coerced
// against the API's schema, the statement bound and run as a prepared statement, the JSON completed
// (completeValue) and stringified, a request id, a cache header and one JSON log line per request.
// What it leaves out is what Express, Apollo Server and Greenlight's plugins add (CORS, CSRF, rate limits,
// sign-in, query limits, read routing, metrics): bench/lanes.mjs measures it beside Greenlight and the
// ceiling, so the part of Greenlight's cost that its HTTP and GraphQL pipeline adds is a figure.
// Usage: node bench/minimal-answer.mjs postgresql://… [port]   (npm run build first)
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
// The API's own graphql, pg and pino (one realm with dist/).
const api = createRequire(join(root, "package.json"));
api("reflect-metadata");
const { getVariableValues, parse } = api("graphql");
const pg = api("pg");
const pino = api("pino");
const { buildApiSchema } = await import(join(root, "dist/schema.js"));
const { bindValues, planRootField, renderRootField } = await import(join(root, "dist/db/compiled/compiler.js"));
const { completeValue, INCOMPLETE } = await import(join(root, "dist/db/compiled/complete.js"));

const [url, port = "0"] = process.argv.slice(2);
const schema = await buildApiSchema();
const pool = new pg.Pool({ connectionString: url, max: 10 });
const logger = pino();

/** By document text: the operation, its one root field's plan, and the statements rendered by variable set. */
const documents = new Map();
let statementCount = 0;

function documentOf(text) {
  let entry = documents.get(text);
  if (!entry) {
    const operation = parse(text).definitions[0];
    const node = operation.selectionSet.selections[0];
    const plan = planRootField(schema, [node], {});
    if (!plan) throw new Error("this query does not compile");
    entry = { operation, plan, key: node.alias?.value ?? node.name.value, statements: new Map() };
    documents.set(text, entry);
  }
  return entry;
}

/** A statement is rendered once per variable set, its bound variables (a lookup's slug) counted only as set. */
function statementOf(entry, variables) {
  const keyed = { ...variables };
  for (const name of entry.plan.boundVariables) if (keyed[name] != null) keyed[name] = true;
  const key = JSON.stringify(keyed);
  let statement = entry.statements.get(key);
  if (!statement) {
    statement = renderRootField(entry.plan, variables, { viewer: null });
    if (!statement) throw new Error("this variable set does not compile");
    statement.name = `minimal_${(statementCount += 1)}`;
    entry.statements.set(key, statement);
  }
  return { name: statement.name, text: statement.text, values: bindValues(statement, variables) };
}

const server = createServer(async (request, response) => {
  const started = performance.now();
  const requestId = randomUUID();
  let body = "";
  for await (const chunk of request) body += chunk;
  try {
    const { query, variables = {} } = JSON.parse(body);
    const entry = documentOf(query);
    const coerced = getVariableValues(schema, entry.operation.variableDefinitions ?? [], variables);
    if (coerced.errors) throw coerced.errors[0];
    const result = await pool.query(statementOf(entry, coerced.coerced));
    const json = result.rows[0].body;
    const value = completeValue(entry.plan.field.type, json == null ? null : JSON.parse(json), entry.plan.children);
    if (value === INCOMPLETE) throw new Error("a null where the schema promises a value");
    const data = { [entry.key]: value };
    response.writeHead(200, { "content-type": "application/graphql-response+json; charset=utf-8", "x-request-id": requestId, "cache-control": "public, max-age=60" });
    response.end(JSON.stringify({ data }));
    logger.info({ requestId, operationName: entry.operation.name?.value, durationMs: performance.now() - started, status: 200 }, "graphql request");
  } catch (error) {
    response.writeHead(500, { "content-type": "text/plain" }).end(String(error));
  }
});
server.listen(Number(port), "127.0.0.1", () => console.log(`minimal answer listening on ${server.address().port}`));
