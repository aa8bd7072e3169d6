// PostGraphile 5 on the benchmark's database, for a side-by-side comparison: the amber preset over the
// public schema, served by grafserv on node:http. Needs Node >= 22 (bench/package.json's `node` package).
// Usage: bench/node_modules/.bin/node bench/postgraphile.mjs postgresql://... PORT   (prints "postgraphile listening on PORT")
import { createServer } from "node:http";
import { postgraphile } from "postgraphile";
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
import { makePgService } from "postgraphile/adaptors/pg";
import { grafserv } from "postgraphile/grafserv/node";
import { PostGraphileConnectionFilterPreset } from "postgraphile-plugin-connection-filter";

const [url, port = "0"] = process.argv.slice(2);
const preset = {
  extends: [PostGraphileAmberPreset, PostGraphileConnectionFilterPreset],
  // Order and filter by any column, not only indexed ones: the questions order credits by position etc.
  disablePlugins: ["PgIndexBehaviorsPlugin"],
  pgServices: [makePgService({ connectionString: url, schemas: ["public"], poolConfig: { max: 10 } })],
  grafserv: { graphqlPath: "/graphql", graphiql: false },
  grafast: { explain: false },
};
const instance = postgraphile(preset);
const serv = instance.createServ(grafserv);
const server = createServer();
serv.addTo(server);
server.listen(Number(port), "127.0.0.1", () => console.log(`postgraphile listening on ${server.address().port}`));
if (process.argv.includes("--print-schema")) {
  const { printSchema } = await import("postgraphile/graphql");
  console.log(printSchema(await instance.getSchema()));
}
