// Summarises a V8 CPU profile (node --cpu-prof) into the functions that spent the most self time.
import { readFile } from "node:fs/promises";

/** Now on the clock V8 stamps profile samples with (CLOCK_MONOTONIC, in µs), the same in every process. */
export const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);

/**
 * The `top` functions by self time within [from, to] (monotonicMicros of the measured window, so the
 * server's start-up is left out), with their share of the window's samples; idle and GC are listed like functions.
 */
export async function topSelfTime(path, { from = 0, to = Infinity, top = 15 } = {}) {
  const profile = JSON.parse(await readFile(path, "utf8"));
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMicros = new Map();
  let at = profile.startTime;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    at += delta;
    if (at < from || at > to) return;
    selfMicros.set(id, (selfMicros.get(id) ?? 0) + delta);
  });
  const byFunction = new Map();
  let total = 0;
  for (const [id, micros] of selfMicros) {
    const { callFrame } = byNode.get(id);
    const file = callFrame.url.replace(/^file:\/\//, "").replace(/^.*\/node_modules\//, "").replace(/^.*\/dist\//, "dist/");
    const key = `${callFrame.functionName || "(anonymous)"} ${file ? `${file}:${callFrame.lineNumber + 1}` : ""}`.trim();
    byFunction.set(key, (byFunction.get(key) ?? 0) + micros);
    total += micros;
  }
  return [...byFunction.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, micros]) => ({ name, ms: Math.round(micros / 1000), share: Number(((100 * micros) / total).toFixed(1)) }));
}
