// Issue #17's targets, judged from one bench run: each met, not met, or not measured, with its figure.

const READS = ["Q1", "Q2", "Q3", "Q4"];
const round = (value, digits = 2) => (value === null || value === undefined || Number.isNaN(value) ? null : Number(value.toFixed(digits)));

/** `met`: true, false, or null when the run did not measure it (a workload left out with --only). */
function target(name, met, figure) {
  return { target: name, met: figure === null ? null : met, figure: figure ?? "not measured" };
}

export function evaluateTargets(report) {
  const row = (workload, server) => report.results.find((r) => r.workload === workload && r.target === server);
  const ratio = (workload) => {
    const ours = row(workload, "greenlight");
    const theirs = row(workload, "ceiling");
    return ours && theirs ? ours.requestsPerSecond / theirs.requestsPerSecond : null;
  };
  const targets = [];
  for (const [workload, bar] of [["Q2", 0.85], ["Q4", 0.9]]) {
    const value = ratio(workload);
    const pg = row(workload, "postgraphile");
    const ceiling = row(workload, "ceiling");
    const theirs = pg && ceiling ? pg.requestsPerSecond / ceiling.requestsPerSecond : null;
    targets.push(target(`${workload} throughput ≥ ${bar} of the ceiling`, value >= bar,
      value === null ? null : `${round(value)} of the ceiling${theirs === null ? "" : ` (PostGraphile ${round(theirs)})`}`));
  }
  for (const workload of ["Q2", "Q4"]) {
    const ours = row(workload, "greenlight")?.pgCpuMsPerRequest;
    const theirs = row(workload, "ceiling")?.pgCpuMsPerRequest;
    const value = ours != null && theirs ? ours / theirs : null;
    targets.push(target(`${workload} PostgreSQL CPU per request ≤ 1.2× the ceiling's`, value <= 1.2,
      value === null ? null : `${round(value)}× (${ours} vs ${theirs} ms)`));
  }
  for (const [workload, bar] of [["Q2", 1.0], ["Q4", 0.5]]) {
    const value = row(workload, "greenlight")?.cpuMsPerRequest ?? null;
    targets.push(target(`${workload} Greenlight CPU ≤ ${bar} ms per request`, value <= bar, value === null ? null : `${value} ms`));
  }
  const q1 = ratio("Q1");
  targets.push(target("Q1 throughput ≥ 0.9 of the flat-page ceiling", q1 >= 0.9, q1 === null ? null : `${round(q1)} of the ceiling`));
  const reads = READS.map((workload) => row(workload, "greenlight")).filter(Boolean);
  const tails = reads.map((r) => ({ workload: r.workload, factor: r.at80.p50 > 0 ? r.at80.p99 / r.at80.p50 : Infinity, ...r.at80 }));
  targets.push(target("p99 < 3× p50 at 80% of maximum load, every read workload", tails.every((t) => t.factor < 3),
    tails.length ? tails.map((t) => `${t.workload} ${t.p50} / ${t.p99} ms (${round(t.factor, 1)}×)`).join(", ") : null));
  const rss = reads.length ? Math.max(...reads.map((r) => r.rssSteadyMb)) : null;
  targets.push(target("steady RSS < 200 MB", rss < 200, rss === null ? null : `${rss} MB (the largest of the read workloads)`));
  const m1 = row("M1", "greenlight");
  targets.push(target("M1 ≥ 400 saves/s with zero lost updates", m1 ? m1.requestsPerSecond >= 400 && m1.lostUpdates === 0 && m1.revisionsConsistent : false,
    m1 ? `${m1.requestsPerSecond} saves/s, ${m1.lostUpdates} lost, revisions consistent: ${m1.revisionsConsistent ? "yes" : "no"}` : null));
  const scaling = report.scaling;
  if (scaling) {
    const ceilingScales = scaling.ceilingFactor >= 1.6;
    targets.push(target("WORKERS=2: Q2 ≥ 1.6× one worker's throughput where the ceiling also scales",
      ceilingScales ? scaling.greenlightFactor >= 1.6 : scaling.greenlightFactor >= 0.9 * scaling.ceilingFactor,
      `${round(scaling.greenlightFactor)}× (ceiling with 2 processes: ${round(scaling.ceilingFactor)}×` +
        `${ceilingScales ? "" : "; the ceiling does not scale to 1.6× here, so met means keeping 90% of its factor"})`));
  } else {
    targets.push(target("WORKERS=2: Q2 ≥ 1.6× one worker's throughput where the ceiling also scales", false, null));
  }
  return targets;
}

export function renderTargets(targets) {
  const mark = (met) => (met === null ? "not measured" : met ? "met" : "**not met**");
  return ["| target | | figure |", "|---|---|---|", ...targets.map((t) => `| ${t.target} | ${mark(t.met)} | ${t.figure} |`)];
}
