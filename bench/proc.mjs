// CPU and memory of processes, read from /proc: the bench's own measure of what each server costs.
import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";

/** Clock ticks per second, the unit of utime and stime in /proc/<pid>/stat. */
export const TICKS = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim());

/** A process and its children (WORKERS > 1 forks the server's workers, the ceiling its processes). */
async function processTree(pid) {
  const children = (await readFile(`/proc/${pid}/task/${pid}/children`, "utf8").catch(() => "")).trim();
  return [pid, ...(children ? children.split(/\s+/).map(Number) : [])];
}

/** utime + stime of one process in clock ticks, or null when it has gone. */
async function ticksOf(pid) {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => null);
  if (stat === null) return null;
  // The command name in parentheses may hold spaces: fields are counted after its closing ") ".
  const fields = stat.slice(stat.lastIndexOf(") ") + 2).split(" ");
  return Number(fields[11]) + Number(fields[12]);
}

/** CPU seconds (user + system) a process and its children have used. */
export async function cpuSeconds(pid) {
  let total = 0;
  for (const each of await processTree(pid)) total += (await ticksOf(each)) ?? 0;
  return total / TICKS;
}

/** Resident memory of a process and its children, in MB. */
export async function rssMegabytes(pid) {
  let total = 0;
  for (const each of await processTree(pid)) {
    const status = await readFile(`/proc/${each}/status`, "utf8").catch(() => "");
    total += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  }
  return total;
}

/**
 * The CPU ticks of every PostgreSQL backend connected to `database` (except the asking one), by pid.
 * PostgreSQL runs on this machine, so its backends' /proc entries are readable.
 */
export async function backendTicks(client, database) {
  const { rows } = await client.query(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [database]);
  const ticks = new Map();
  for (const { pid } of rows) {
    const value = await ticksOf(pid);
    if (value !== null) ticks.set(pid, value);
  }
  return ticks;
}

/**
 * CPU seconds the backends used between two backendTicks samples. A backend that started in between
 * counts whole; one that ended in between is lost (`ended` says how many: the servers' pools keep their
 * connections open under load, so it should be 0).
 */
export function backendSeconds(before, after) {
  let ticks = 0;
  for (const [pid, value] of after) ticks += value - (before.get(pid) ?? 0);
  const ended = [...before.keys()].filter((pid) => !after.has(pid)).length;
  return { seconds: ticks / TICKS, ended };
}
