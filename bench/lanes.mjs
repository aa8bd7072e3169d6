// Where Greenlight's time goes on the light reads (Q1, Q4): Greenlight, its compiled answer with nothing
// around it (bench/minimal-answer.mjs: Greenlight's own statement, document cache, variable coercion,
// completion, stringify and a log line, on node:http + pg) and the raw-SQL ceiling, measured in interleaved
// closed-loop windows on one generated database. The difference between the first two is what Express,
// Apollo Server and Greenlight's plugins cost per request; between the last two, what the answer itself
// costs beyond the ceiling's hand-written statement (README Performance). Writes bench/results/lanes.md.
// Usage: npm run build && node bench/lanes.mjs [--scale 1] [--seconds 8] [--rounds 3]   (BENCH_DATABASE_URL: default 127.0.0.1:5432)
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import pg from "pg";
import { generate } from "./generate.mjs";
import { child, migrateAndSeed } from "./processes.mjs";
import { backendSeconds, backendTicks, cpuSeconds } from "./proc.mjs";
import { QUERIES } from "./queries.mjs";

const { values: options } = parseArgs({
  options: { scale: { type: "string", default: "1" }, seconds: { type: "string", default: "8" }, rounds: { type: "string", default: "3" } },
});
const server = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];

const database = `greenlight_lanes_${process.pid}`;
const admin = new pg.Client({ connectionString: server });
await admin.connect();
await admin.query(`CREATE DATABASE "${database}"`);
const url = new URL(server);
url.pathname = `/${database}`;
const databaseUrl = url.toString();
const processes = [];
try {
  await migrateAndSeed(databaseUrl);
  console.log("generated", await generate(databaseUrl, Number(options.scale)));

  // Greenlight as bench/run.mjs measures it (production, no rate limit, the Dockerfile's semi-space).
  const greenlight = child(["--max-semi-space-size=16", "dist/cli.js", "start"], {
    DATABASE_URL: databaseUrl,
    NODE_ENV: "production",
    PORT: "0",
    JWT_SECRET: "b".repeat(48),
    LOG_LEVEL: "info",
    MAX_QUERY_COST: "1000000",
    REDIS_URL: "",
    RATE_LIMIT_PER_MINUTE: "0",
  });
  const minimal = child(["bench/minimal-answer.mjs", databaseUrl, "0"]);
  const ceiling = child(["bench/ceiling.mjs", databaseUrl, "0", "1"]);
  processes.push(greenlight.process, minimal.process, ceiling.process);
  const servers = [
    { name: "greenlight", pid: greenlight.process.pid, url: `${(await greenlight.ready(/"url":"(http:\/\/[^"]+)"[^\n]*"msg":"Greenlight is serving"/))[1].replace("localhost", "127.0.0.1")}/graphql`, graphql: true },
    { name: "minimal answer", pid: minimal.process.pid, url: `http://127.0.0.1:${(await minimal.ready(/minimal answer listening on (\d+)/))[1]}/`, graphql: true },
    { name: "ceiling", pid: ceiling.process.pid, url: `http://127.0.0.1:${(await ceiling.ready(/ceiling listening on (\d+)/))[1]}`, graphql: false },
  ];

  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const slugs = (await client.query(`SELECT slug FROM "Show" ORDER BY id`)).rows.map((row) => row.slug);
  const workloads = {
    Q1: [{ first: 20 }, { first: 20, status: ["RENEWED"], orderBy: "PREMIERE_DATE_DESC" }, { first: 20, status: ["CANCELED", "ENDED"], orderBy: "UPDATED_AT_DESC" }],
    Q4: slugs.map((slug) => ({ slug })),
  };

  const measureWindow = async (target, workload, seconds) => {
    let index = 0;
    const body = () => {
      const variables = workloads[workload][(index += 7919) % workloads[workload].length];
      return JSON.stringify(target.graphql ? { query: QUERIES[workload], variables } : { variables });
    };
    const cpu0 = await cpuSeconds(target.pid);
    const backends0 = await backendTicks(client, database);
    const result = await autocannon({
      url: target.graphql ? target.url : `${target.url}/${workload.toLowerCase()}`,
      connections: 16,
      duration: seconds,
      method: "POST",
      headers: { "content-type": "application/json" },
      requests: [{ setupRequest: (request) => ({ ...request, body: body() }) }],
    });
    const cpu = (await cpuSeconds(target.pid)) - cpu0;
    // Backends report their CPU to /proc as they run; give the last ones a moment.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const backends = backendSeconds(backends0, await backendTicks(client, database));
    if (result.errors || result.non2xx) throw new Error(`${target.name} ${workload}: ${result.errors} errors, ${result.non2xx} non-2xx`);
    return { rps: result.requests.average, node: (cpu * 1000) / result.requests.total, postgres: (backends.seconds * 1000) / result.requests.total };
  };

  const rows = [];
  for (const workload of Object.keys(workloads)) {
    for (const target of servers) await measureWindow(target, workload, 2);
    const windows = new Map(servers.map((target) => [target, []]));
    for (let round = 0; round < Number(options.rounds); round += 1) {
      for (const target of servers) windows.get(target).push(await measureWindow(target, workload, Number(options.seconds)));
    }
    const ceilingRate = median(windows.get(servers[2]).map((each) => each.rps));
    for (const [target, measured] of windows) {
      const rate = median(measured.map((each) => each.rps));
      rows.push(
        `| ${workload} | ${target.name} | ${Math.round(rate)} | ${Math.round((100 * rate) / ceilingRate)}% | ` +
          `${median(measured.map((each) => each.node)).toFixed(3)} | ${median(measured.map((each) => each.postgres)).toFixed(3)} | ${measured.map((each) => Math.round(each.rps)).join(", ")} |`,
      );
    }
  }
  await client.end();
  const report = [
      `Scale ${options.scale}, ${options.rounds} interleaved rounds of ${options.seconds} s, 16 connections, medians; ${new Date().toISOString()}.`,
      "",
      "| workload | server | req/s | vs ceiling | Node CPU ms/req | PostgreSQL CPU ms/req | windows (req/s) |",
      "|---|---|---:|---:|---:|---:|---|",
      ...rows,
    ].join("\n");
  console.log(report);
  await writeFile(join(import.meta.dirname, "results/lanes.md"), `${report}\n`);
} finally {
  for (const each of processes) each.kill("SIGTERM");
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  await admin.end();
}
