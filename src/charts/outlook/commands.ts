// `outlook:train` and `outlook:backtest`: read the database's global chart rows and status facts, write the
// committed files (or the given ones). Run by admin/commands.ts, in the CLI or in the running server.
import { writeFile } from "node:fs/promises";
import type { PrismaClient } from "../../db/prisma.js";
import { factDerivationColumns, type FactForDerivation } from "../../shows/status-facts.js";
import { runBacktest, trainModel, type BacktestReport } from "./backtest.js";
import { loadHistory } from "./history.js";
import { BACKTEST_PATH, COMPARABLES_PATH, MODEL_PATH, jsonText } from "./stored.js";

async function factsByShow(prisma: PrismaClient): Promise<Map<number, FactForDerivation[]>> {
  const facts = await prisma.statusChange.findMany({ select: { ...factDerivationColumns, showId: true }, orderBy: { id: "asc" } });
  const byShow = new Map<number, FactForDerivation[]>();
  for (const { showId, ...fact } of facts) byShow.set(showId, [...(byShow.get(showId) ?? []), fact]);
  return byShow;
}

/** Writes the model to `out` (default models/outlook-model.json) and the comparables beside it. */
export async function trainCommand(prisma: PrismaClient, out: string | undefined, print: (line: string) => void): Promise<void> {
  const { model, comparables } = trainModel(await loadHistory(prisma), await factsByShow(prisma));
  const modelPath = out ?? MODEL_PATH;
  const comparablesPath = out ? out.replace(/(\.json)?$/, ".comparables.json") : COMPARABLES_PATH;
  await writeFile(modelPath, jsonText(model));
  // One season a line: readable in a diff, a fifth of the pretty-printed size.
  await writeFile(comparablesPath, `{"fingerprint": ${JSON.stringify(comparables.fingerprint)}, "seasons": [\n${comparables.seasons.map((c) => JSON.stringify(c)).join(",\n")}\n]}\n`);
  print(`Trained on ${model.trainedOn.seasons} seasons (${model.trainedOn.renewed} renewed); ${model.fingerprint}; wrote ${modelPath} and ${comparablesPath}.`);
}

export async function backtestCommand(prisma: PrismaClient, options: { out?: string; json: boolean }, print: (line: string) => void): Promise<void> {
  const report = runBacktest(await loadHistory(prisma), await factsByShow(prisma));
  await writeFile(options.out ?? BACKTEST_PATH, jsonText(report));
  if (options.json) print(JSON.stringify(report));
  else for (const line of summaryLines(report)) print(line);
}

const fixed = (value: number | null, digits = 3) => (value === null ? "–" : value.toFixed(digits));
const percent = (value: number | null) => (value === null ? "–" : `${(value * 100).toFixed(1)}%`);

function labelWaitLine(wait: BacktestReport["labelWait"]): string {
  const shares = wait.shownWithin.map((step) => `${percent(step.share)} within ${step.days} days`).join(", ");
  return (
    `Label wait: of ${wait.trainingRenewals} training renewals, ${shares} (median ${wait.medianGapDays} days); test seasons have ${wait.testFollowUpDays.min}–${wait.testFollowUpDays.max} days of data after their debut, ` +
    `so the model's ${percent(wait.meanPredicted)} mean chance would show as ${percent(wait.expectedObservedRate)} renewed; observed ${percent(wait.observedRate)}.`
  );
}

function summaryLines(report: BacktestReport): string[] {
  const row = (name: string, m: BacktestReport["model"]) =>
    `| ${name} | ${fixed(m.auc)} (${fixed(m.aucInterval.low)}–${fixed(m.aucInterval.high)}) | ${fixed(m.brier, 4)} | ${fixed(m.accuracy)} | ` +
    m.thresholds.map((t) => `${t.threshold}: P ${percent(t.precision)} R ${percent(t.recall)}`).join("; ") +
    " |";
  const { validation } = report;
  return [
    `Validation (choices made here) ${validation.window.from}..${validation.window.to}: ${validation.seasons} seasons, ${validation.renewed} renewed, fitted on seasons before ${validation.fittedBefore}: AUC ${fixed(validation.auc)}, Brier ${fixed(validation.brier, 4)}.`,
    `Test window ${report.testWindow.from}..${report.testWindow.to}: ${report.testSeasons} seasons, ${report.testRenewed} renewed; trained on ${report.trainWindow.seasons} seasons first charting before ${report.trainWindow.before}.`,
    "| method | ROC AUC (95% bootstrap) | Brier | accuracy | precision / recall |",
    "|---|---|---:|---:|---|",
    row("model", report.model),
    row("article's rule", report.baselines.articleRule),
    row("former points rule", report.baselines.pointsRule),
    "Calibration (model): | predicted | seasons | mean predicted | observed |",
    ...report.model.calibration.filter((bin) => bin.seasons > 0).map((bin) => `  ${bin.from.toFixed(1)}–${bin.to.toFixed(1)}: ${bin.seasons} seasons, ${percent(bin.meanPredicted)} predicted, ${percent(bin.observedRate)} observed`),
    labelWaitLine(report.labelWait),
    `Target: AUC ≥ ${report.target.auc.wanted}: ${report.target.auc.met ? "met" : `not met (short by ${(report.target.auc.wanted - report.target.auc.measured).toFixed(3)})`}; ` +
      `Brier better than both baselines: ${report.target.brier.met ? "met" : "not met"}; calibration within 10 points: ${report.target.calibration.met ? "met" : `not met (worst ${report.target.calibration.worstGapPoints.toFixed(1)} points)`}.`,
    "What was tried: | attempt | validation AUC | validation Brier | test AUC | test Brier |",
    ...report.attempts.map(
      (a) => `  ${a.chosen ? "* " : ""}${a.attempt}: ${fixed(a.validation.auc)} | ${fixed(a.validation.brier, 4)} | ${fixed(a.test?.auc ?? null)} | ${fixed(a.test?.brier ?? null, 4)}`,
    ),
  ];
}
