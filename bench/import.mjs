// Import throughput of Netflix's Top 10 files, on PostgreSQL and on the embedded engine.
// Usage: npm run bench:import   (BENCH_DATABASE_URL picks the PostgreSQL server; default 127.0.0.1:5432)
// type-graphql's decorators need it before any module with a GraphQL type loads (the importer imports some).
import "reflect-metadata";
import { readFile, writeFile } from "node:fs/promises";
import { cpus } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { importTop10 } from "../dist/charts/import/importer.js";
import { startEmbeddedPostgres } from "../dist/db/embedded.js";
import { migrateDatabase } from "../dist/db/migrate.js";
import { createPrismaClientWithPool } from "../dist/db/prisma.js";

const data = join(import.meta.dirname, "..", "..", "shared", "data");
const files = [
  ["global", join(data, "all-weeks-global.tsv")],
  ["country", join(data, "countries-to-2022-11-13", "all-weeks-countries.tsv")],
];
const server = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

async function measure(engine, url) {
  await migrateDatabase(url);
  // No timeouts: an import of the whole country file is one long job, measured as it runs.
  const { prisma, pool } = createPrismaClientWithPool({ url, poolSize: 1, timeouts: { connectTimeoutMs: 0, queryTimeoutMs: 0, statementTimeoutMs: 0, network: true } });
  const results = [];
  try {
    for (const [name, path] of files) {
      const text = await readFile(path, "utf8");
      for (const pass of ["first import", "re-import"]) {
        const started = process.hrtime.bigint();
        const summary = await importTop10(prisma, text, { file: name, actorId: null });
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        results.push({ engine, file: name, pass, rows: summary.rowsRead, created: summary.created, seconds, rowsPerSecond: Math.round(summary.rowsRead / seconds) });
      }
    }
  } finally {
    await prisma.$disconnect();
    await pool.end().catch(() => {});
  }
  return results;
}

const database = `greenlight_bench_${process.pid}`;
const admin = new pg.Client({ connectionString: server });
await admin.connect();
await admin.query(`CREATE DATABASE "${database}"`);
const results = [];
try {
  const url = new URL(server);
  url.pathname = `/${database}`;
  results.push(...(await measure("postgresql", url.toString())));
} finally {
  await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  await admin.end();
}
const embedded = await startEmbeddedPostgres({ maxConnections: 2 });
try {
  results.push(...(await measure("embedded", embedded.url)));
} finally {
  await embedded.stop();
}

const table = [
  "| engine | file | pass | rows | seconds | rows/s |",
  "|---|---|---|---:|---:|---:|",
  ...results.map((r) => `| ${r.engine} | ${r.file} | ${r.pass} | ${r.rows} | ${r.seconds.toFixed(2)} | ${r.rowsPerSecond} |`),
].join("\n");
console.log(table);
const report = { date: new Date().toISOString(), cores: cpus().length, node: process.version, results };
await writeFile(join(import.meta.dirname, "results", "import.json"), `${JSON.stringify(report, null, 2)}\n`);
await writeFile(join(import.meta.dirname, "results", "import.md"), `${table}\n`);
