// `npm test` runs this first: it names, one line each, what the suite needs and this machine lacks, and how
// to install it, instead of failing minutes later in the middle of the suite.
// The locations are the ones the tests use; the PREREQ_* variables exist so this check itself can be tested.
import { existsSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";

const chromium = process.env.PREREQ_CHROMIUM ?? "/usr/bin/chromium";
const redisUrl = new URL(process.env.PREREQ_REDIS_URL ?? "redis://127.0.0.1:6379");
const postgresBin = process.env.PREREQ_POSTGRES_BIN ?? "/usr/lib/postgresql/15/bin";
const testDatabaseUrl = process.env.TEST_DATABASE_URL ? new URL(process.env.TEST_DATABASE_URL) : undefined;

function reachable(host, port) {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2000 });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once("connect", () => done(true));
    socket.once("timeout", () => done(false));
    socket.once("error", () => done(false));
  });
}

const missing = [];
if (!existsSync(chromium)) {
  missing.push(`Chromium is missing at ${chromium} (the playground browser tests): apt-get install chromium`);
}
if (!(await reachable(redisUrl.hostname, Number(redisUrl.port || 6379)))) {
  missing.push(
    `Redis is not answering at ${redisUrl.host} (the shared cache and rate-limit tests): apt-get install redis-server && redis-server --daemonize yes`,
  );
}
if (testDatabaseUrl) {
  const host = testDatabaseUrl.hostname || "127.0.0.1";
  const port = Number(testDatabaseUrl.port || 5432);
  if (!(await reachable(host, port))) {
    missing.push(`PostgreSQL is not answering at ${host}:${port} (TEST_DATABASE_URL): apt-get install postgresql && service postgresql start`);
  }
  if (!existsSync(join(postgresBin, "pg_ctl"))) {
    missing.push(`PostgreSQL 15's pg_ctl is missing in ${postgresBin} (the database-outage tests): apt-get install postgresql-15`);
  }
}

if (missing.length > 0) {
  for (const line of missing) console.error(`npm test needs: ${line}`);
  process.exit(1);
}
