// Scores for probabilistic predictions of a yes/no outcome. Pure: no database.

/** ROC AUC: the chance a renewed season scores above a not-renewed one (ties count half). */
export function rocAuc(scores: readonly number[], outcomes: readonly boolean[]): number {
  const order = scores.map((score, index) => ({ score, positive: outcomes[index]! })).sort((a, b) => a.score - b.score);
  // Mann-Whitney U with mid-ranks for ties.
  let rankSumPositive = 0;
  let index = 0;
  while (index < order.length) {
    let end = index;
    while (end + 1 < order.length && order[end + 1]!.score === order[index]!.score) end += 1;
    const midRank = (index + end) / 2 + 1;
    for (let i = index; i <= end; i += 1) if (order[i]!.positive) rankSumPositive += midRank;
    index = end + 1;
  }
  const positives = outcomes.filter(Boolean).length;
  const negatives = outcomes.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSumPositive - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export const brierScore = (probabilities: readonly number[], outcomes: readonly boolean[]) =>
  probabilities.reduce((total, p, i) => total + (p - (outcomes[i] ? 1 : 0)) ** 2, 0) / probabilities.length;

/** A small seeded generator (mulberry32), so the bootstrap interval is the same on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Percentile bootstrap 95% interval of the AUC over resampled seasons. */
export function bootstrapAucInterval(scores: readonly number[], outcomes: readonly boolean[], samples = 2000, seed = 16): { low: number; high: number } {
  const random = seededRandom(seed);
  const aucs: number[] = [];
  for (let s = 0; s < samples; s += 1) {
    const picks = scores.map(() => Math.floor(random() * scores.length));
    const auc = rocAuc(picks.map((i) => scores[i]!), picks.map((i) => outcomes[i]!));
    if (!Number.isNaN(auc)) aucs.push(auc);
  }
  aucs.sort((a, b) => a - b);
  return { low: aucs[Math.floor(aucs.length * 0.025)]!, high: aucs[Math.ceil(aucs.length * 0.975) - 1]! };
}

export interface CalibrationBin {
  bin: number;
  from: number;
  to: number;
  seasons: number;
  meanPredicted: number | null;
  observedRate: number | null;
  /** |predicted − observed| in percentage points; judged only where the bin holds ≥ 20 seasons. */
  gapPoints: number | null;
}

/** Ten equal-width bins of predicted probability (0–10%, …, 90–100%). */
export function calibrationTable(probabilities: readonly number[], outcomes: readonly boolean[]): CalibrationBin[] {
  return Array.from({ length: 10 }, (_, bin) => {
    const members = probabilities.map((p, i) => ({ p, y: outcomes[i]! })).filter(({ p }) => Math.min(9, Math.floor(p * 10)) === bin);
    const meanPredicted = members.length ? members.reduce((t, m) => t + m.p, 0) / members.length : null;
    const observedRate = members.length ? members.filter((m) => m.y).length / members.length : null;
    return {
      bin,
      from: bin / 10,
      to: (bin + 1) / 10,
      seasons: members.length,
      meanPredicted,
      observedRate,
      gapPoints: meanPredicted !== null && observedRate !== null ? Math.abs(meanPredicted - observedRate) * 100 : null,
    };
  });
}

export interface ThresholdScore {
  threshold: string;
  predicted: number;
  precision: number | null;
  recall: number | null;
}

/** Precision and recall of a call ("renewed" when `calls` is true for it) against what happened. */
export function precisionRecall(threshold: string, calls: readonly boolean[], outcomes: readonly boolean[]): ThresholdScore {
  const predicted = calls.filter(Boolean).length;
  const hits = calls.filter((call, i) => call && outcomes[i]).length;
  const actual = outcomes.filter(Boolean).length;
  return { threshold, predicted, precision: predicted ? hits / predicted : null, recall: actual ? hits / actual : null };
}
