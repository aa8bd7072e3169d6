// The renewal model: an L2-regularized logistic regression on standardized features, fitted by Newton's
// method. Hand-written (about 60 lines) rather than a library because it must be byte-for-byte
// deterministic across machines and engines, readable end to end, and small enough that each feature's
// contribution to a prediction can be quoted as a reason; the npm logistic-regression packages are
// unmaintained and none promises a fixed iteration order. Thirteen features and a few hundred seasons
// need nothing more. Pure: no database.
import { type FeatureName, type FeatureVector } from "./features.js";

export interface ModelParameters {
  features: FeatureName[];
  /** Per feature: the training mean and standard deviation used to standardize it. */
  means: number[];
  scales: number[];
  /** Intercept, then one weight per standardized feature (log-odds per standard deviation). */
  intercept: number;
  weights: number[];
  l2: number;
}

/**
 * The features the model is fitted on: chosen by forward selection on the validation split (fitted on seasons
 * first charting before 2022-07, scored on 2022-07..2023-06, never the test window) over the 32 features
 * features.ts computes, in the order the selection added them; any further feature made the validation Brier
 * score worse (attempts.ts). Six are the show's metadata (TMDB's genres and language, the Kaggle file's rating).
 */
export const MODEL_FEATURES: readonly FeatureName[] = [
  "debutRank",
  "returningSeason",
  "unscripted",
  "animation",
  "relativeHours",
  "sciFi",
  "soap",
  "korean",
  "kids",
  "spanish",
  "largestDrop",
  "lastWeekHours",
  "kidsRating",
];
/** Chosen on the validation split: λ = 0.5, 2, 10 and 30 scored Brier 0.1994, 0.1988, 0.1994 and 0.2030 there. */
export const L2_PENALTY = 2;
const ITERATIONS = 25;

/** Rounds to 10 significant digits so the committed file does not carry the last bits of float noise. */
const tidy = (value: number) => Number(value.toPrecision(10));
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
/** A value the database does not have (NaN) is the training average: 0 standardized. */
const standardize = (value: number, mean: number, scale: number) => (Number.isNaN(value) ? 0 : (value - mean) / scale);

export function fitLogistic(
  rows: readonly FeatureVector[],
  labels: readonly boolean[],
  l2 = L2_PENALTY,
  features: FeatureName[] = [...MODEL_FEATURES],
): ModelParameters {
  const n = rows.length;
  // Means and scales over the known values (NaN: the database does not know, features.ts); an unknown value
  // is then the average, 0 once standardized, and adds nothing.
  const known = features.map((name) => rows.filter((row) => !Number.isNaN(row[name])));
  const means = features.map((name, j) => known[j]!.reduce((total, row) => total + row[name], 0) / known[j]!.length || 0);
  const scales = features.map((name, j) => Math.sqrt(known[j]!.reduce((total, row) => total + (row[name] - means[j]!) ** 2, 0) / known[j]!.length) || 1);
  const x = rows.map((row) => [1, ...features.map((name, j) => standardize(row[name], means[j]!, scales[j]!))]);
  const y = labels.map((label) => (label ? 1 : 0));
  const k = features.length + 1;
  let beta = new Array<number>(k).fill(0);
  for (let iteration = 0; iteration < ITERATIONS; iteration += 1) {
    // Gradient and Hessian of the penalized log-likelihood (the intercept is not penalized).
    const gradient = beta.map((b, j) => (j === 0 ? 0 : -l2 * b));
    const hessian = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (i === j && i > 0 ? l2 : 0)));
    for (let i = 0; i < n; i += 1) {
      const xi = x[i]!;
      const p = sigmoid(xi.reduce((total, value, j) => total + value * beta[j]!, 0));
      const w = p * (1 - p);
      for (let a = 0; a < k; a += 1) {
        gradient[a]! += (y[i]! - p) * xi[a]!;
        for (let b = 0; b < k; b += 1) hessian[a]![b]! += w * xi[a]! * xi[b]!;
      }
    }
    const step = solve(hessian, gradient);
    beta = beta.map((b, j) => b + step[j]!);
  }
  return { features, means: means.map(tidy), scales: scales.map(tidy), intercept: tidy(beta[0]!), weights: beta.slice(1).map(tidy), l2 };
}

/** Gaussian elimination with partial pivoting: the Newton step H·s = g. */
function solve(matrix: number[][], vector: number[]): number[] {
  const a = matrix.map((row, i) => [...row, vector[i]!]);
  const k = vector.length;
  for (let col = 0; col < k; col += 1) {
    let pivot = col;
    for (let row = col + 1; row < k; row += 1) if (Math.abs(a[row]![col]!) > Math.abs(a[pivot]![col]!)) pivot = row;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    for (let row = col + 1; row < k; row += 1) {
      const factor = a[row]![col]! / a[col]![col]!;
      for (let c = col; c <= k; c += 1) a[row]![c]! -= factor * a[col]![c]!;
    }
  }
  const result = new Array<number>(k).fill(0);
  for (let row = k - 1; row >= 0; row -= 1) {
    let sum = a[row]![k]!;
    for (let c = row + 1; c < k; c += 1) sum -= a[row]![c]! * result[c]!;
    result[row] = sum / a[row]![row]!;
  }
  return result;
}

/** Each model feature's contribution in log-odds against an average season (its standardized value × weight). */
export function contributionsOf(model: ModelParameters, values: FeatureVector): Partial<Record<FeatureName, number>> {
  return Object.fromEntries(model.features.map((name, j) => [name, standardize(values[name], model.means[j]!, model.scales[j]!) * model.weights[j]!]));
}

export function predict(model: ModelParameters, values: FeatureVector): number {
  const contributions = contributionsOf(model, values);
  return sigmoid(model.intercept + model.features.reduce((total, name) => total + contributions[name]!, 0));
}

/**
 * Refits the intercept alone on the newest training seasons, keeping the weights: Netflix renews less
 * often than it did in 2021-22, and a model fitted on all years would promise the old rate. Uses only
 * training seasons, so the backtest stays honest.
 */
export function recalibrateIntercept(model: ModelParameters, rows: readonly FeatureVector[], labels: readonly boolean[]): ModelParameters {
  const offsets = rows.map((row) => Object.values(contributionsOf(model, row)).reduce((total, value) => total + value!, 0));
  let intercept = model.intercept;
  for (let iteration = 0; iteration < ITERATIONS; iteration += 1) {
    let gradient = 0;
    let curvature = 0;
    offsets.forEach((offset, i) => {
      const p = sigmoid(offset + intercept);
      gradient += (labels[i] ? 1 : 0) - p;
      curvature += p * (1 - p);
    });
    intercept += gradient / curvature;
  }
  return { ...model, intercept: tidy(intercept) };
}

export const standardized = (model: ModelParameters, values: FeatureVector) =>
  model.features.map((name, j) => standardize(values[name], model.means[j]!, model.scales[j]!));

/** Distance in what the model cares about: standardized features scaled by the size of their weights. */
export function modelDistance(model: ModelParameters, a: readonly number[], b: readonly number[]): number {
  return Math.sqrt(model.weights.reduce((total, weight, j) => total + (weight * (a[j]! - b[j]!)) ** 2, 0));
}
