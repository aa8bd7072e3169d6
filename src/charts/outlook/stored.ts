// The committed model and backtest report (models/ at the project root): written by `outlook:train` and
// `outlook:backtest`, read once by the server, which only predicts.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { BacktestReport, ComparablesFile, ModelFile } from "./backtest.js";

// dist/charts/outlook/ (and src/charts/outlook/ under vitest) → the project root.
export const MODEL_PATH = fileURLToPath(new URL("../../../models/outlook-model.json", import.meta.url));
export const COMPARABLES_PATH = fileURLToPath(new URL("../../../models/outlook-comparables.json", import.meta.url));
export const BACKTEST_PATH = fileURLToPath(new URL("../../../models/outlook-backtest.json", import.meta.url));

/** Stable text: two-space JSON and a final newline, so a retrain on the same data is byte for byte the same file. */
export const jsonText = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

let model: ModelFile | undefined;
let report: BacktestReport | undefined;
let comparables: ComparablesFile | undefined;

export function storedComparables(): ComparablesFile {
  comparables ??= JSON.parse(readFileSync(COMPARABLES_PATH, "utf8")) as ComparablesFile;
  return comparables;
}

export function storedModel(): ModelFile {
  model ??= JSON.parse(readFileSync(MODEL_PATH, "utf8")) as ModelFile;
  return model;
}

export function storedBacktest(): BacktestReport {
  report ??= JSON.parse(readFileSync(BACKTEST_PATH, "utf8")) as BacktestReport;
  return report;
}
