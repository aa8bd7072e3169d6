// The benchmark: Greenlight against the raw-SQL ceiling and PostGraphile on one generated PostgreSQL database.
// Usage: npm run bench [-- --scale N] [-- --seconds S] [-- --only Q2,Q4] [-- --workers N] [-- --plan-cache N]
//        [-- --profile [--profile-workload Q4]] [-- --skip-postgraphile] [-- --skip-import]     (BENCH_DATABASE_URL: default 127.0.0.1:5432)
// Writes bench/results/latest.md and latest.json.
import { execFileSync } from "node:child_process";
import http from "node:http";
import { readFileSync } from "node:fs";
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual, parseArgs } from "node:util";
import autocannon from "autocannon";
import pg from "pg";
import { generate } from "./generate.mjs";
import { child, migrateAndSeed, serverNode } from "./processes.mjs";
import { POSTGRAPHILE_QUERIES, postgraphileVariables, reshapePostgraphile } from "./postgraphile-questions.mjs";
import { backendSeconds, backendTicks, cpuSeconds, rssMegabytes } from "./proc.mjs";
import { monotonicMicros, topSelfTime } from "./profile.mjs";
import { evaluateTargets, renderTargets } from "./targets.mjs";
import { QUERIES } from "./queries.mjs";

const here = import.meta.dirname;
const root = join(here, "..");
const { values: options } = parseArgs({
  options: {
    scale: { type: "string", default: "1" },
    seconds: { type: "string", default: "10" },
    workers: { type: "string", default: "1" },
    "plan-cache": { type: "string", default: "500" },
    "skip-import": { type: "boolean" },
    "skip-postgraphile": { type: "boolean" },
    // Measurements to run: Q1–Q4, M1, WORKERS (Q2 at WORKERS=2 against 1), IMPORT; all by default.
    only: { type: "string", default: "Q1,Q2,Q3,Q4,M1,WORKERS,IMPORT" },
    // A V8 CPU profile of a Greenlight worker during a measurement of --profile-workload (Q2 by default), summarised by self time.
    profile: { type: "boolean" },
    "profile-workload": { type: "string", default: "Q2" },
  },
});
const scale = Number(options.scale);
const seconds = Number(options.seconds);
const only = new Set(options.only.split(",").map((name) => name.trim().toUpperCase()));
const MEASUREMENTS = ["Q1", "Q2", "Q3", "Q4", "M1", "WORKERS", "IMPORT"];
for (const name of only) {
  if (!MEASUREMENTS.includes(name)) throw new Error(`--only: unknown measurement ${name} (one of ${MEASUREMENTS.join(", ")})`);
}
// Refused before minutes of measuring, not after: a read workload is profiled only if it is measured.
const profiledName = options["profile-workload"].toUpperCase();
if (options.profile && profiledName !== "M1" && !only.has(profiledName)) {
  throw new Error(`--profile-workload: ${options["profile-workload"]} is not among the measured workloads (--only ${options.only})`);
}
const serverNodeVersion = execFileSync(serverNode, ["--version"], { encoding: "utf8" }).trim();
const server = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const ADMIN = { email: "bench-admin@bench.invalid", password: "bench-admin-password" };
const CONNECTIONS = 16;
// In production /metrics answers only with its token (the "plans reused" column reads it).
const METRICS_TOKEN = "bench-metrics-token-".padEnd(32, "x");

const STATUSES = [null, ["RENEWED"], ["CANCELED", "ENDED"], ["PENDING"]];

async function post(url, body, headers = {}) {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  return { headers: response.headers, body: await response.json() };
}

async function rowsRead(client, database) {
  // Other backends report their counters about once a second; give them time before reading.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const { rows } = await client.query(`SELECT tup_returned + tup_fetched AS rows FROM pg_stat_database WHERE datname = $1`, [database]);
  return Number(rows[0].rows);
}

function cannon(options) {
  return new Promise((resolve, reject) => {
    const instance = autocannon({ connections: CONNECTIONS, ...options }, (error, result) => (error ? reject(error) : resolve(result)));
    autocannon.track(instance, { renderProgressBar: false, renderResultsTable: false, renderLatencyTable: false });
  });
}

const pick = (list, index) => list[index % list.length];

/** Greenlight's Prisma query plans reused and compiled so far, from /metrics (one worker's, with WORKERS > 1). */
async function queryPlans(origin) {
  const text = await (await fetch(`${origin}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
  const count = (result) => Number(new RegExp(`^greenlight_query_plans_total\\{result="${result}"\\} (\\S+)$`, "m").exec(text)?.[1] ?? 0);
  return { reused: count("reused"), compiled: count("compiled") };
}

/** Reused plans as a share of all plans used, e.g. "98%". */
const share = (reused, compiled) => (reused + compiled > 0 ? `${Math.round((100 * reused) / (reused + compiled))}%` : "–");

/**
 * Open-loop load at a fixed rate: request i is due at start + i/rate, sent then whether or not earlier
 * ones have returned, and its latency counts from when it was due (so a stalled server cannot hide
 * its queue). autocannon's own rate option sends each second's quota as a burst at the second's start
 * and corrects latencies with an interval in the wrong unit, which made its percentiles meaningless here.
 */
async function fixedRate({ base, request, rate, seconds }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const target = new URL(request.path, base);
  const latencies = [];
  let errors = 0;
  const send = (due) =>
    new Promise((resolve) => {
      const { body } = request.setupRequest({});
      const outgoing = http.request(target, { method: request.method, headers: { ...request.headers, "content-length": Buffer.byteLength(body) }, agent }, (response) => {
        response.resume();
        response.on("end", () => {
          if (response.statusCode !== 200) errors += 1;
          latencies.push(performance.now() - due);
          resolve();
        });
      });
      outgoing.on("error", () => {
        errors += 1;
        resolve();
      });
      outgoing.end(body);
    });
  const total = Math.round(rate * seconds);
  const start = performance.now();
  const inFlight = [];
  for (let sent = 0; sent < total; ) {
    const now = performance.now();
    for (; sent < total && start + (sent * 1000) / rate <= now; sent += 1) inFlight.push(send(start + (sent * 1000) / rate));
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(inFlight);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (p) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0);
  return { p50: at(0.5), p99: at(0.99), achieved: Math.round(latencies.length / ((performance.now() - start) / 1000)), errors };
}

/**
 * M1's drafts: one new article per connection, so saves never race on purpose (and the stored versions prove
 * nothing was lost), each with the version its editor last saw.
 */
async function createDrafts(url, token) {
  const versions = new Map();
  for (let index = 0; index < CONNECTIONS; index += 1) {
    const title = `Bench draft ${index} ${saveCounter++}`;
    const created = await post(url, { query: `mutation { createArticle(input: {title: "${title}", body: "Start."}) { id } }` }, { authorization: `Bearer ${token}` });
    versions.set(created.body.data.createArticle.id, 1);
  }
  return versions;
}
let saveCounter = 0;

/** M1's load: an editor per draft, saving it in a closed loop, each save based on the version it last saw. */
async function draftSaves(url, token, seconds, versions) {
  const authorization = `Bearer ${token}`;
  const articleIds = [...versions.keys()];
  let saves = 0;
  let conflicts = 0;
  let failures = 0;
  const latencies = [];
  const start = Date.now();
  const deadline = start + seconds * 1000;
  await Promise.all(
    articleIds.map(async (id) => {
      while (Date.now() < deadline) {
        const sent = performance.now();
        const variables = { input: { id, baseVersion: versions.get(id), body: `Saved at ${saveCounter++}.` } };
        const result = await post(url, { query: QUERIES.M1, variables }, { authorization });
        latencies.push(performance.now() - sent);
        if (result.body.data?.updateArticle) {
          versions.set(id, result.body.data.updateArticle.version);
          saves += 1;
        } else if (result.body.errors?.[0]?.extensions?.code === "CONFLICT") conflicts += 1;
        else failures += 1;
      }
    }),
  );
  return { articleIds, versions, saves, conflicts, failures, latencies, seconds: (Date.now() - start) / 1000 };
}

/** The NODE_OPTIONS the image sets (Dockerfile's ENV), so the measured server runs as deployed. */
function dockerfileNodeOptions() {
  return /^ENV .*\bNODE_OPTIONS=(\S+)/m.exec(readFileSync(join(root, "Dockerfile"), "utf8"))?.[1] ?? "";
}

async function main() {
  const database = `greenlight_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${database}"`);
  const url = new URL(server);
  url.pathname = `/${database}`;
  const databaseUrl = url.toString();
  const started = Date.now();
  const processes = [];
  try {
    await migrateAndSeed(databaseUrl);
    const generated = await generate(databaseUrl, scale);
    console.log("generated", generated, `in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const greenlightEnv = {
      DATABASE_URL: databaseUrl,
      NODE_ENV: "production",
      PORT: "0",
      JWT_SECRET: "b".repeat(48),
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: "info",
      MAX_QUERY_COST: "1000000",
      REDIS_URL: "",
      RATE_LIMIT_PER_MINUTE: "0",
      WORKERS: options.workers,
      QUERY_PLAN_CACHE_SIZE: options["plan-cache"],
      METRICS_TOKEN,
      // As the Dockerfile runs it (a 16 MB young-generation semi-space; see there).
      NODE_OPTIONS: dockerfileNodeOptions(),
    };
    const serving = /"url":"(http:\/\/[^"]+)"[^\n]*"msg":"Greenlight is serving"/;
    const startGreenlight = async (env = {}, nodeOptions = []) => {
      const started = child([...nodeOptions, "dist/cli.js", "start"], { ...greenlightEnv, ...env });
      processes.push(started.process);
      return { ...started, url: (await started.ready(serving))[1].replace("localhost", "127.0.0.1") };
    };
    const startCeiling = async (count = 1) => {
      const started = child(["bench/ceiling.mjs", databaseUrl, "0", String(count)], {});
      processes.push(started.process);
      return { ...started, url: `http://127.0.0.1:${(await started.ready(/ceiling listening on (\d+)/))[1]}` };
    };
    // The measured server runs as in production; a second one, idle during the load, counts each
    // workload's statements (counting follows requests through AsyncLocalStorage, which has a cost).
    const greenlight = await startGreenlight();
    const greenlightUrl = greenlight.url;
    // Started once the first has created the admin, so the two never race to create it.
    const counting = await startGreenlight({ EXPOSE_SQL_STATEMENT_COUNT: "true" });
    const countingUrl = counting.url;
    const ceiling = await startCeiling();
    const ceilingUrl = ceiling.url;

    const dbClient = new pg.Client({ connectionString: databaseUrl });
    // When a failure skips its end(), the DROP ... WITH (FORCE) below terminates it: that is expected, and must
    // not crash the bench with an unhandled 'error' in place of the failure's own message.
    dbClient.on("error", () => {});
    await dbClient.connect();
    let postgraphile = null;
    if (!options["skip-postgraphile"]) {
      // Its computed columns first: PostGraphile reads the schema once, when it starts.
      await dbClient.query(await readFile(join(here, "postgraphile.sql"), "utf8"));
      const started = child([join(here, "postgraphile.mjs"), databaseUrl, "0"], { GRAPHILE_ENV: "production" });
      processes.push(started.process);
      postgraphile = { ...started, url: `http://127.0.0.1:${(await started.ready(/postgraphile listening on (\d+)/))[1]}` };
    }

    const token = (await post(greenlightUrl, { query: `mutation { signIn(email: "${ADMIN.email}", password: "${ADMIN.password}") { token } }` })).body.data.signIn.token;
    const slugs = (await dbClient.query(`SELECT slug FROM "Show" ORDER BY id`)).rows.map((row) => row.slug);

    // Q3's cursors: every 100th position of the full list, read through the API.
    const cursors = [];
    let after = null;
    for (;;) {
      const page = await post(greenlightUrl, { query: `query($after: String) { shows(first: 100, after: $after) { pageInfo { hasNextPage endCursor } } }`, variables: { after } });
      const info = page.body.data.shows.pageInfo;
      if (!info.hasNextPage) break;
      cursors.push(info.endCursor);
      after = info.endCursor;
    }
    const deepCursors = cursors.slice(Math.floor(cursors.length / 4));

    // Same data from all: the ceiling is only a ceiling if it answers the same question, and
    // PostGraphile's answers (in its own schema's shape) carry the same data once reshaped.
    const Q1_ORDERS = ["TITLE_ASC", "PREMIERE_DATE_DESC", "UPDATED_AT_DESC"];
    const variablesOf = {
      Q1: [{ first: 20 }, { first: 20, status: ["RENEWED"], orderBy: "PREMIERE_DATE_DESC" }, { first: 20, status: ["CANCELED", "ENDED"], orderBy: "UPDATED_AT_DESC" }],
      Q2: [{ first: 20 }, { first: 20, status: ["RENEWED"] }, { first: 20, status: ["CANCELED", "ENDED"] }, { first: 20, after: deepCursors[3] }],
      Q4: [{ slug: slugs[5] }, { slug: slugs[500] }, { slug: "the-imperfects" }, { slug: "no-such-show" }],
    };
    const checks = [];
    for (const [workload, list] of Object.entries(variablesOf)) {
      for (const variables of list) {
        const [ours, theirs] = await Promise.all([post(greenlightUrl, { query: QUERIES[workload], variables }), post(`${ceilingUrl}/${workload.toLowerCase()}`, { variables })]);
        checks.push({ workload, server: "greenlight", variables, same: isDeepStrictEqual(ours.body, theirs.body) });
        // PostGraphile's cursors are its own: the deep-cursor page is Greenlight's question only.
        if (postgraphile && POSTGRAPHILE_QUERIES[workload] && !variables.after) {
          const answer = await post(`${postgraphile.url}/graphql`, { query: POSTGRAPHILE_QUERIES[workload], variables: postgraphileVariables(workload, variables) });
          checks.push({ workload, server: "postgraphile", variables, same: isDeepStrictEqual(reshapePostgraphile(workload, answer.body), theirs.body) });
        }
      }
    }
    console.log("same answers as the ceiling:", checks.map((check) => `${check.workload} ${check.server} ${check.same ? "yes" : "NO"}`).join(", "));

    let counter = 0;
    const graphqlRequest = (name, variables) => ({
      method: "POST",
      path: "/graphql",
      headers: { "content-type": "application/json" },
      setupRequest: (request) => ({ ...request, body: JSON.stringify({ query: QUERIES[name], variables: variables(counter++) }) }),
    });
    const ceilingRequest = (name, variables) => ({
      method: "POST",
      path: `/${name.toLowerCase()}`,
      setupRequest: (request) => ({ ...request, body: JSON.stringify({ variables: variables(counter++) }) }),
    });
    const postgraphileRequest = (name, variables) => ({
      method: "POST",
      path: "/graphql",
      headers: { "content-type": "application/json" },
      setupRequest: (request) => ({ ...request, body: JSON.stringify({ query: POSTGRAPHILE_QUERIES[name], variables: postgraphileVariables(name, variables(counter++)) }) }),
    });
    const q1Variables = (i) => ({ first: 20, status: pick(STATUSES, i), orderBy: pick(Q1_ORDERS, i) });
    const q2Variables = (i) => ({ first: 20, status: pick(STATUSES, i) });
    const q3Variables = (i) => ({ first: 20, after: pick(deepCursors, i * 7) });
    const q4Variables = (i) => ({ slug: pick(slugs, i * 13) });
    const SAME = "the same, one hand-written SQL statement";
    const PG = "the same questions in PostGraphile's schema";
    const workloads = [
      { name: "Q1", target: "greenlight", what: "flat page: 20 shows, scalar fields", request: graphqlRequest("Q1", q1Variables) },
      { name: "Q1", target: "ceiling", what: SAME, request: ceilingRequest("Q1", q1Variables) },
      { name: "Q2", target: "greenlight", what: "nested page: 20 shows with creators, companies (show counts), last 5 chart entries, latest article", request: graphqlRequest("Q2", q2Variables) },
      { name: "Q2", target: "ceiling", what: SAME, request: ceilingRequest("Q2", q2Variables) },
      { name: "Q2", target: "postgraphile", what: PG, request: postgraphileRequest("Q2", q2Variables) },
      { name: "Q3", target: "greenlight", what: "Q2 from random cursors deep into the list", request: graphqlRequest("Q2", q3Variables) },
      { name: "Q3", target: "ceiling", what: SAME, request: ceilingRequest("Q2", q3Variables) },
      { name: "Q4", target: "greenlight", what: "show page by slug: seasons with chart runs, credits, ratings, 5 articles", request: graphqlRequest("Q4", q4Variables) },
      { name: "Q4", target: "ceiling", what: SAME, request: ceilingRequest("Q4", q4Variables) },
      { name: "Q4", target: "postgraphile", what: PG, request: postgraphileRequest("Q4", q4Variables) },
    ].filter((workload) => only.has(workload.name) && (workload.target !== "postgraphile" || postgraphile));
    const servers = { greenlight, ceiling, postgraphile };

    // Each workload's servers are measured in three interleaved rounds of closed-loop windows (Greenlight, the
    // ceiling, PostGraphile, then again), their medians kept: this machine's speed drifts by a third from one
    // minute to the next, and one window each, back to back, put as much of that drift into "vs ceiling" as any
    // difference between the servers. CPU, rows and statements are summed over a server's windows.
    const ROUNDS = 3;
    const windowSeconds = Math.max(3, seconds / 2);
    const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const results = [];
    for (const name of [...new Set(workloads.map((workload) => workload.name))]) {
      const group = workloads
        .filter((workload) => workload.name === name)
        .map((workload) => {
          const server_ = servers[workload.target];
          return { workload, base: server_.url.replace(/\/graphql$/, ""), pid: server_.process.pid, windows: [], rss: [] };
        });
      for (const member of group) await cannon({ url: member.base, requests: [member.workload.request], duration: 3 });
      for (let round = 0; round < ROUNDS; round += 1) {
        for (const member of group) {
          const { workload, base, pid } = member;
          const rows0 = await rowsRead(dbClient, database);
          const backends0 = await backendTicks(dbClient, database);
          const cpu0 = await cpuSeconds(pid);
          const sampler = setInterval(() => void rssMegabytes(pid).then((value) => member.rss.push(value)), 200);
          const plans0 = workload.target === "greenlight" ? await queryPlans(base) : null;
          const max = await cannon({ url: base, requests: [workload.request], duration: windowSeconds });
          const plans1 = plans0 ? await queryPlans(base) : null;
          clearInterval(sampler);
          const cpu1 = await cpuSeconds(pid);
          const backends = backendSeconds(backends0, await backendTicks(dbClient, database));
          const rows1 = await rowsRead(dbClient, database);
          member.windows.push({
            requestsPerSecond: max.requests.average,
            total: max.requests.total,
            p50: max.latency.p50,
            p99: max.latency.p99,
            errors: max.errors + max.non2xx,
            rows: rows1 - rows0,
            cpuSeconds: cpu1 - cpu0,
            backendSeconds: backends.seconds,
            backendsEnded: backends.ended,
            plans: plans0 && plans1 ? { reused: plans1.reused - plans0.reused, compiled: plans1.compiled - plans0.compiled } : null,
          });
        }
      }
      for (const { workload, base, windows, rss } of group) {
        const sum = (key) => windows.reduce((total, window) => total + window[key], 0);
        const total = sum("total");
        const maxRate = median(windows.map((window) => window.requestsPerSecond));
        const paced = {};
        for (const share of [0.5, 0.8]) {
          const rate = Math.max(1, Math.floor(maxRate * share));
          paced[share] = { rate, ...(await fixedRate({ base, request: workload.request, rate, seconds: Math.max(5, seconds * 0.6) })) };
        }
        let statements = null;
        if (workload.target === "greenlight") {
          const sample = await post(countingUrl, JSON.parse(workload.request.setupRequest({}).body));
          statements = Number(sample.headers.get("x-sql-statements"));
        }
        const plans = windows.every((window) => window.plans) ? windows.map((window) => window.plans) : null;
        const steady = rss.slice(Math.floor(rss.length / 2)).sort((a, b) => a - b);
        results.push({
          workload: workload.name,
          target: workload.target,
          what: workload.what,
          requestsPerSecond: Math.round(maxRate),
          rounds: windows.map((window) => Math.round(window.requestsPerSecond)),
          p50: median(windows.map((window) => window.p50)),
          p99: median(windows.map((window) => window.p99)),
          errors: sum("errors"),
          statementsPerRequest: statements,
          rowsPerRequest: total ? Math.round(sum("rows") / total) : null,
          cpuMsPerRequest: total ? Number(((sum("cpuSeconds") * 1000) / total).toFixed(2)) : null,
          pgCpuMsPerRequest: total ? Number(((sum("backendSeconds") * 1000) / total).toFixed(2)) : null,
          backendsEnded: sum("backendsEnded"),
          planReuse: plans ? share(plans.reduce((n, each) => n + each.reused, 0), plans.reduce((n, each) => n + each.compiled, 0)) : null,
          rssPeakMb: Math.round(Math.max(...rss)),
          rssSteadyMb: Math.round(steady[Math.floor(steady.length / 2)] ?? 0),
          at50: paced[0.5],
          at80: paced[0.8],
        });
        console.log(JSON.stringify(results.at(-1)));
      }
    }

    // WORKERS=2 against 1 on Q2, and the ceiling with 2 processes against 1: closed-loop maxima, interleaved.
    let scaling = null;
    if (only.has("WORKERS")) {
      const throughput = async (base, request, duration) =>
        Math.round((await cannon({ url: base, requests: [request], duration })).requests.average);
      const greenlight2 = await startGreenlight({ WORKERS: "2" });
      const ceiling2 = await startCeiling(2);
      const q2 = graphqlRequest("Q2", q2Variables);
      const q2Ceiling = ceilingRequest("Q2", q2Variables);
      const servers = {
        greenlight1: [greenlightUrl.replace(/\/graphql$/, ""), q2],
        greenlight2: [greenlight2.url.replace(/\/graphql$/, ""), q2],
        ceiling1: [ceilingUrl, q2Ceiling],
        ceiling2: [ceiling2.url, q2Ceiling],
      };
      // The 2-process servers start cold, and each of their processes sees half the requests: warmed as long
      // as a window. Then three interleaved rounds, the median of each kept: a single window each, back to back,
      // moved as much with the machine's drift (±30% from one minute to the next here) as with the workers.
      for (const [base, request] of Object.values(servers)) await throughput(base, request, seconds);
      const rounds = Object.fromEntries(Object.keys(servers).map((name) => [name, []]));
      for (let round = 0; round < 3; round += 1) {
        for (const [name, [base, request]] of Object.entries(servers)) rounds[name].push(await throughput(base, request, Math.max(3, seconds / 2)));
      }
      scaling = { ...Object.fromEntries(Object.entries(rounds).map(([name, values]) => [name, median(values)])), rounds };
      scaling.greenlightFactor = scaling.greenlight2 / scaling.greenlight1;
      scaling.ceilingFactor = scaling.ceiling2 / scaling.ceiling1;
      greenlight2.process.kill("SIGTERM");
      ceiling2.process.kill("SIGTERM");
      console.log("scaling", JSON.stringify(scaling));
    }

    // A profile explains a missed target: Greenlight's CPU during one workload, on a server of its own (profiling slows it).
    let profile = null;
    if (options.profile) {
      const name = options["profile-workload"].toUpperCase();
      // M1's saves are sent by draftSaves; a read workload by autocannon, as measured.
      const profiledWorkload = name === "M1" ? { name } : workloads.find((each) => each.target === "greenlight" && each.name === name);
      if (!profiledWorkload) throw new Error(`--profile-workload: ${options["profile-workload"]} is not among the measured workloads (--only)`);
      const directory = await mkdtemp(join(tmpdir(), "greenlight-profile-"));
      const profiled = await startGreenlight({}, ["--cpu-prof", `--cpu-prof-dir=${directory}`]);
      const base = profiled.url.replace(/\/graphql$/, "");
      const drafts = name === "M1" ? await createDrafts(profiled.url, token) : null;
      const load = (duration) =>
        name === "M1" ? draftSaves(profiled.url, token, duration, drafts) : cannon({ url: base, requests: [profiledWorkload.request], duration });
      await load(2);
      const from = monotonicMicros();
      await load(seconds);
      const to = monotonicMicros();
      profiled.process.kill("SIGTERM");
      await new Promise((resolve) => profiled.process.on("close", resolve));
      const file = join(directory, (await readdir(directory)).find((name) => name.endsWith(".cpuprofile")));
      profile = { workload: profiledWorkload.name, file, top: await topSelfTime(file, { from, to }) };
      console.log(`${profile.workload} profile (${file}), top self time:`);
      for (const entry of profile.top) console.log(`  ${String(entry.share).padStart(5)}%  ${entry.ms} ms  ${entry.name}`);
    }

    // M1: concurrent draft saves. Each editor owns one article and saves it in a closed loop, each
    // save based on the version it last saw; the database must end with every acknowledged save.
    if (only.has("M1")) {
      const drafts = await createDrafts(greenlightUrl, token);
      const m1Backends0 = await backendTicks(dbClient, database);
      const m1Cpu0 = await cpuSeconds(greenlight.process.pid);
      const { articleIds, versions, saves, conflicts, failures, latencies, seconds: m1Seconds } = await draftSaves(greenlightUrl, token, seconds, drafts);
      latencies.sort((a, b) => a - b);
      const percentile = (p) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0);
      const { rows: stored } = await dbClient.query(
        `SELECT a.id::text AS id, a.version, count(r.id)::int AS revisions FROM "Article" a JOIN "ArticleRevision" r ON r."articleId" = a.id
         WHERE a.id = ANY($1::int[]) GROUP BY a.id`,
        [articleIds.map((id) => Number(Buffer.from(id, "base64url").toString("utf8").split(":")[1]))],
      );
      const storedSaves = stored.reduce((sum, row) => sum + row.version - 1, 0);
      const consistent =
        stored.length === articleIds.length &&
        stored.every((row) => row.revisions === row.version && row.version === versions.get(Buffer.from(`Article:${row.id}`).toString("base64url")));
      const m1Backends = backendSeconds(m1Backends0, await backendTicks(dbClient, database));
      const m1Cpu = (await cpuSeconds(greenlight.process.pid)) - m1Cpu0;
      results.push({
        workload: "M1",
        target: "greenlight",
        what: `${articleIds.length} editors saving drafts concurrently (updateArticle with baseVersion)`,
        requestsPerSecond: Math.round(saves / m1Seconds),
        p50: percentile(50),
        p99: percentile(99),
        errors: failures,
        saves,
        conflicts,
        storedSaves,
        lostUpdates: saves - storedSaves,
        revisionsConsistent: consistent,
        cpuMsPerRequest: saves ? Number(((m1Cpu * 1000) / saves).toFixed(2)) : null,
        pgCpuMsPerRequest: saves ? Number(((m1Backends.seconds * 1000) / saves).toFixed(2)) : null,
      });
      console.log(JSON.stringify(results.at(-1)));
    }
    await dbClient.end();

    let imports = null;
    if (only.has("IMPORT") && !options["skip-import"]) {
      // A failed import is reported, not fatal: the measurements before it are kept.
      try {
        const importRun = child(["bench/import.mjs"], {});
        await importRun.ready(/\| embedded \| country \| re-import/);
        await new Promise((resolve) => importRun.process.on("exit", resolve));
        imports = JSON.parse(await readFile(join(here, "results", "import.json"), "utf8")).results;
      } catch (error) {
        console.error(error);
        imports = { failed: String(error).split("\n").slice(0, 3).join(" ") };
      }
    }

    const report = {
      date: new Date().toISOString(),
      machine: { cores: cpus().length, cpu: cpus()[0]?.model, node: serverNodeVersion },
      scale,
      seconds,
      connections: CONNECTIONS,
      workers: Number(options.workers),
      queryPlanCacheSize: Number(options["plan-cache"]),
      generated,
      checks,
      results,
      scaling,
      profile,
      imports,
      durationSeconds: Math.round((Date.now() - started) / 1000),
    };
    report.targets = evaluateTargets(report);
    await writeFile(join(here, "results", "latest.json"), `${JSON.stringify(report, null, 2)}\n`);
    await writeFile(join(here, "results", "latest.md"), renderMarkdown(report));
    console.log(renderMarkdown(report));
  } finally {
    for (const process_ of processes) process_.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
  }
}

function renderMarkdown(report) {
  const byKey = new Map(report.results.map((r) => [`${r.workload}/${r.target}`, r]));
  const ratio = (workload, server) => {
    const ours = byKey.get(`${workload}/${server}`);
    const theirs = byKey.get(`${workload}/ceiling`);
    return ours && theirs && server !== "ceiling" ? `${Math.round((100 * ours.requestsPerSecond) / theirs.requestsPerSecond)}%` : "";
  };
  const scaling = report.scaling;
  const lines = [
    `Scale ${report.scale} (${report.generated.shows} shows, ${report.generated.people} people, ${report.generated.credits} credits, ` +
      `${report.generated.companies} companies, ${report.generated.chartEntries} chart entries, ${report.generated.articles} articles), ` +
      `${report.machine.cores} cores (${report.machine.cpu}), Node ${report.machine.node}, ${report.workers ?? 1} Greenlight worker(s), query plan cache ${report.queryPlanCacheSize ?? 0}, ${report.connections} connections, ` +
      `${report.seconds} s per measurement; ${report.date}.`,
    "",
    "| workload | server | req/s | vs ceiling | p50 ms | p99 ms | p50 / p99 at 50% | p50 / p99 at 80% | SQL stmts/req | rows read/req | CPU ms/req | PostgreSQL CPU ms/req | RSS peak / steady MB | plans reused | errors |",
    "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...report.results
      .filter((r) => r.workload !== "M1")
      .map((r) =>
        `| ${r.workload} | ${r.target} | ${r.requestsPerSecond} | ${ratio(r.workload, r.target)} | ${r.p50} | ${r.p99} | ` +
        `${r.at50.p50} / ${r.at50.p99} | ${r.at80.p50} / ${r.at80.p99} | ${r.statementsPerRequest ?? (r.target === "ceiling" ? 1 : "")} | ${r.rowsPerRequest} | ` +
        `${r.cpuMsPerRequest} | ${r.pgCpuMsPerRequest}${r.backendsEnded ? ` (${r.backendsEnded} backends ended)` : ""} | ${r.rssPeakMb} / ${r.rssSteadyMb} | ${r.planReuse ?? ""} | ${r.errors} |`,
      ),
    "",
    ...(report.results.some((r) => r.rounds)
      ? [
          "req/s is the median of three interleaved closed-loop windows per server; the windows: " +
            report.results
              .filter((r) => r.rounds)
              .map((r) => `${r.workload} ${r.target} ${r.rounds.join(", ")}`)
              .join("; ") +
            ".",
          "",
        ]
      : []),
    ...report.results
      .filter((r) => r.workload === "M1")
      .map((r) =>
        `M1 (${r.what}): ${r.requestsPerSecond} saves/s, p50 ${r.p50} ms, p99 ${r.p99} ms; ${r.saves} saves acknowledged, ` +
        `${r.storedSaves} stored, ${r.lostUpdates} lost, ${r.conflicts} conflicts, revisions consistent: ${r.revisionsConsistent ? "yes" : "NO"}; ` +
        `Greenlight CPU ${r.cpuMsPerRequest} ms and PostgreSQL CPU ${r.pgCpuMsPerRequest} ms per save.`,
      ),
    "",
    ...(scaling
      ? [
          `WORKERS=2 (Q2, closed loop, medians of 3 interleaved rounds): Greenlight ${scaling.greenlight1} → ${scaling.greenlight2} req/s (${scaling.greenlightFactor.toFixed(2)}×); ` +
            `the ceiling with 2 processes ${scaling.ceiling1} → ${scaling.ceiling2} req/s (${scaling.ceilingFactor.toFixed(2)}×). ` +
            `Rounds: ${Object.entries(scaling.rounds).map(([name, values]) => `${name} ${values.join(", ")}`).join("; ")}.`,
          "",
        ]
      : []),
    `Same answers as the ceiling: ${report.checks.map((c) => `${c.workload} ${c.server} ${JSON.stringify(c.variables).slice(0, 40)}… ${c.same ? "yes" : "NO"}`).join("; ")}.`,
    "",
    ...(report.profile
      ? [
          `Greenlight's top self time during ${report.profile.workload} (\`--profile\`, V8 CPU profile of the worker):`,
          "",
          "| share | ms | function |",
          "|---:|---:|---|",
          ...report.profile.top.map((entry) => `| ${entry.share}% | ${entry.ms} | \`${entry.name}\` |`),
          "",
        ]
      : []),
    "Targets (issue #17):",
    "",
    ...renderTargets(report.targets),
    "",
    ...(report.imports?.failed ? [`Import of Netflix's Top 10 files: failed (${report.imports.failed}).`, ""] : []),
    ...(Array.isArray(report.imports)
      ? [
          "Import of Netflix's Top 10 files:",
          "",
          "| engine | file | pass | rows | seconds | rows/s |",
          "|---|---|---|---:|---:|---:|",
          ...report.imports.map((r) => `| ${r.engine} | ${r.file} | ${r.pass} | ${r.rows} | ${r.seconds.toFixed(2)} | ${r.rowsPerSecond} |`),
          "",
        ]
      : []),
    `Whole run: ${report.durationSeconds} s.`,
  ];
  return `${lines.join("\n")}\n`;
}

await main();
