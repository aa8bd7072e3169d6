// Training and the backtest: one labelled set, one feature module, one model. Pure: no database.
import type { FactForDerivation } from "../../shows/status-facts.js";
import { articleRuleSaysRenewed, pointsRuleScore } from "./baselines.js";
import { featuresOf, type SeasonFeatures } from "./features.js";
import { DAY_MS, fingerprintOf, isoDay, type HistoryRow } from "./history.js";
import { NOT_RENEWED_AFTER_DAYS, labelKey, labelSeasons, type SeasonLabel } from "./labels.js";
import { bootstrapAucInterval, brierScore, calibrationTable, precisionRecall, rocAuc } from "./metrics.js";
import { ATTEMPTS } from "./attempts.js";
import { fitLogistic, predict, recalibrateIntercept, standardized, type ModelParameters } from "./model.js";

/** Verdict thresholds on the model's probability (README "Renewal outlook"). */
export const THRESHOLDS = { likelyRenewed: 0.5, likelyCanceled: 0.2 } as const;

/** The verdict a probability gets under a model file's thresholds: LIKELY_RENEWED from `likelyRenewed`, LIKELY_CANCELED below `likelyCanceled`. */
export function verdictOf(probability: number, thresholds: { likelyRenewed: number; likelyCanceled: number }): "LIKELY_RENEWED" | "AT_RISK" | "LIKELY_CANCELED" {
  return probability >= thresholds.likelyRenewed ? "LIKELY_RENEWED" : probability < thresholds.likelyCanceled ? "LIKELY_CANCELED" : "AT_RISK";
}
/** The backtest's time split: train on seasons first charting before 2023-07, test on 2023-07..2024-06. */
export const TEST_WINDOW = { from: "2023-07-01", to: "2024-06-30" } as const;
/** Carved from the training years, where features and λ were chosen: fit before 2022-07, score 2022-07..2023-06. */
export const VALIDATION_WINDOW = { from: "2022-07-01", to: "2023-06-30" } as const;
export const TARGET = { auc: 0.8, calibrationPoints: 10, calibrationMinSeasons: 20 } as const;

export interface Example {
  label: SeasonLabel & { renewed: boolean };
  features: SeasonFeatures;
}

export interface ModelFile {
  model: "logistic-regression";
  /** sha256 of the chart rows and labels the parameters were fitted on. */
  fingerprint: string;
  trainedOn: { seasons: number; renewed: number; firstWeeks: { from: string; to: string } };
  thresholds: typeof THRESHOLDS;
  parameters: ModelParameters;
}

/** The training seasons with their standardized features (models/outlook-comparables.json): `comparableSeasons` finds the nearest. */
export interface ComparablesFile {
  fingerprint: string;
  seasons: Comparable[];
}

export interface Comparable {
  show: string;
  season: number;
  list: string;
  firstWeek: string;
  renewed: boolean;
  x: number[];
}

/** The labelled seasons that are not left out, each with its features at its decision date. */
export function examplesOf(history: readonly HistoryRow[], facts?: ReadonlyMap<number, readonly FactForDerivation[]>): Example[] {
  return labelSeasons(history, facts)
    .filter((label): label is SeasonLabel & { renewed: boolean } => label.renewed !== null && label.excluded === null)
    .map((label) => ({ label, features: featuresOf(history, label.seasonId, new Date(8.64e15))! }))
    .filter((example) => example.features !== null);
}

/** The rows read and the labels fitted on: relabelling (a new status fact) changes it as a new file does. */
function fingerprint(history: readonly HistoryRow[], examples: readonly Example[]): string {
  return fingerprintOf(history, examples.map((example) => `${labelKey(example.label)}=${example.label.renewed ? 1 : 0}`));
}

export function trainModel(history: readonly HistoryRow[], facts?: ReadonlyMap<number, readonly FactForDerivation[]>): { model: ModelFile; comparables: ComparablesFile } {
  const examples = examplesOf(history, facts);
  const model = modelFileOf(history, examples);
  return { model, comparables: comparablesOf(model, examples) };
}

/** The newest year of the training seasons sets the intercept (model.ts `recalibrateIntercept`). */
const RECENT_DAYS = 365;

function modelFileOf(history: readonly HistoryRow[], examples: readonly Example[]): ModelFile {
  const fitted = fitLogistic(examples.map((e) => e.features.values), examples.map((e) => e.label.renewed));
  const newest = Math.max(...examples.map((e) => e.label.firstWeekEnd.getTime()));
  const recent = examples.filter((e) => e.label.firstWeekEnd.getTime() > newest - RECENT_DAYS * DAY_MS);
  const parameters = recalibrateIntercept(fitted, recent.map((e) => e.features.values), recent.map((e) => e.label.renewed));
  const weeks = examples.map((e) => isoDay(e.label.firstWeekEnd)).sort();
  return {
    model: "logistic-regression",
    fingerprint: fingerprint(history, examples),
    trainedOn: { seasons: examples.length, renewed: examples.filter((e) => e.label.renewed).length, firstWeeks: { from: weeks[0]!, to: weeks.at(-1)! } },
    thresholds: THRESHOLDS,
    parameters,
  };
}

function comparablesOf(model: ModelFile, examples: readonly Example[]): ComparablesFile {
  return {
    fingerprint: model.fingerprint,
    seasons: examples.map((e) => ({
      show: e.label.showTitle,
      season: e.label.seasonNumber,
      list: e.features.category,
      firstWeek: isoDay(e.label.firstWeekEnd),
      renewed: e.label.renewed,
      x: standardized(model.parameters, e.features.values).map((value) => Number(value.toFixed(2))),
    })),
  };
}

export interface MethodScores {
  auc: number;
  aucInterval: { low: number; high: number };
  brier: number;
  accuracy: number;
  calibration: ReturnType<typeof calibrationTable>;
  thresholds: ReturnType<typeof precisionRecall>[];
  description: string;
}

function scoresOf(description: string, scores: number[], probabilities: number[], outcomes: boolean[], calls: { name: string; renewed: boolean[] }[]): MethodScores {
  return {
    description,
    auc: rocAuc(scores, outcomes),
    aucInterval: bootstrapAucInterval(scores, outcomes),
    brier: brierScore(probabilities, outcomes),
    accuracy: probabilities.filter((p, i) => p >= 0.5 === outcomes[i]).length / outcomes.length,
    calibration: calibrationTable(probabilities, outcomes),
    thresholds: calls.map((call) => precisionRecall(call.name, call.renewed, outcomes)),
  };
}

/** A rule's call as a probability: the renewal rate its call had among the training seasons. */
function rateByCall<T>(calls: T[], outcomes: boolean[]): Map<T, number> {
  const rates = new Map<T, number>();
  for (const call of new Set(calls)) {
    const members = outcomes.filter((_, i) => calls[i] === call);
    rates.set(call, members.filter(Boolean).length / members.length);
  }
  return rates;
}

export function runBacktest(history: readonly HistoryRow[], facts?: ReadonlyMap<number, readonly FactForDerivation[]>) {
  const examples = examplesOf(history, facts);
  const day = (e: Example) => isoDay(e.label.firstWeekEnd);
  const within = (window: { from: string; to: string }) => examples.filter((e) => day(e) >= window.from && day(e) <= window.to);
  const train = examples.filter((e) => day(e) < TEST_WINDOW.from);
  const test = within(TEST_WINDOW);
  const model = modelFileOf(history, train);
  // The same training on the older years, scored on the newest training years: where choices were made.
  const fit = examples.filter((e) => day(e) < VALIDATION_WINDOW.from);
  const validationSet = within(VALIDATION_WINDOW);
  const validationModel = modelFileOf(history, fit);
  const validationProbabilities = validationSet.map((e) => predict(validationModel.parameters, e.features.values));
  const validationOutcomes = validationSet.map((e) => e.label.renewed);
  const outcomes = test.map((e) => e.label.renewed);
  const probabilities = test.map((e) => predict(model.parameters, e.features.values));

  const newestWeek = new Date(Math.max(...history.map((row) => row.weekEnd.getTime())));
  const article = (set: Example[]) => set.map((e) => articleRuleSaysRenewed(history, e.label.seasonId));
  const points = (set: Example[]) => set.map((e) => pointsRuleScore(history, e.label.seasonId, newestWeek));
  const verdictOf = (score: number) => (score >= 2 ? "LIKELY_RENEWED" : score <= -2 ? "LIKELY_CANCELED" : "AT_RISK");
  const articleRates = rateByCall(article(train), train.map((e) => e.label.renewed));
  const pointsRates = rateByCall(points(train).map(verdictOf), train.map((e) => e.label.renewed));
  const articleTest = article(test);
  const pointsTest = points(test);

  const report = {
    testWindow: TEST_WINDOW,
    trainWindow: { before: TEST_WINDOW.from, seasons: train.length, renewed: train.filter((e) => e.label.renewed).length },
    testSeasons: test.length,
    testRenewed: outcomes.filter(Boolean).length,
    fingerprint: model.fingerprint,
    validation: {
      window: VALIDATION_WINDOW,
      fittedBefore: VALIDATION_WINDOW.from,
      seasons: validationSet.length,
      renewed: validationOutcomes.filter(Boolean).length,
      auc: rocAuc(validationProbabilities, validationOutcomes),
      brier: brierScore(validationProbabilities, validationOutcomes),
    },
    attempts: ATTEMPTS,
    model: scoresOf("Logistic regression on first-28-day and show-metadata features, trained on seasons first charting before the test window.", probabilities, probabilities, outcomes, [
      { name: `LIKELY_RENEWED (p ≥ ${THRESHOLDS.likelyRenewed})`, renewed: probabilities.map((p) => p >= THRESHOLDS.likelyRenewed) },
      { name: `not LIKELY_CANCELED (p ≥ ${THRESHOLDS.likelyCanceled})`, renewed: probabilities.map((p) => p >= THRESHOLDS.likelyCanceled) },
    ]),
    baselines: {
      articleRule: scoresOf(
        "Hours fall more than 50% within the first month → canceled; its probability is the training seasons' renewal rate for its call.",
        articleTest.map(Number),
        articleTest.map((call) => articleRates.get(call) ?? 0),
        outcomes,
        [{ name: "renewed (no drop over 50%)", renewed: articleTest }],
      ),
      pointsRule: scoresOf(
        "Greenlight's former points rule (whole run, peers ±6 months, as of the newest week); its probability is the training seasons' renewal rate for its verdict.",
        pointsTest,
        pointsTest.map((score) => pointsRates.get(verdictOf(score)) ?? 0),
        outcomes,
        [{ name: "LIKELY_RENEWED (score ≥ 2)", renewed: pointsTest.map((score) => score >= 2) }],
      ),
    },
    seasons: test.map((e, i) => ({
      show: e.label.showTitle,
      season: e.label.seasonNumber,
      firstWeek: day(e),
      renewed: e.label.renewed,
      labelSource: e.label.source,
      probability: probabilities[i]!,
      articleRuleRenewed: articleTest[i]!,
      pointsRuleScore: pointsTest[i]!,
    })),
  };
  const bins = report.model.calibration.filter((bin) => bin.seasons >= TARGET.calibrationMinSeasons);
  return {
    ...report,
    labelWait: labelWaitOf(train, test, probabilities, newestWeek),
    target: {
      auc: { wanted: TARGET.auc, measured: report.model.auc, met: report.model.auc >= TARGET.auc },
      brier: { met: report.model.brier < report.baselines.articleRule.brier && report.model.brier < report.baselines.pointsRule.brier },
      calibration: {
        worstGapPoints: Math.max(0, ...bins.map((bin) => bin.gapPoints!)),
        met: bins.every((bin) => bin.gapPoints! <= TARGET.calibrationPoints),
      },
    },
  };
}
export type BacktestReport = ReturnType<typeof runBacktest>;

/** Days after a debut by which the training seasons' renewals had shown, at these follow-ups. */
const WAIT_STEPS = [365, 548, 730, 900, 1095] as const;

/**
 * What the labels' wait does to the test window: a season counts as not renewed once two years of data follow it
 * without a later season, yet some renewals show later than that. From the training seasons' renewals the data
 * shows (the days to the next season's debut), the share that had shown within each test season's own follow-up
 * (its debut to the newest week) scales its predicted chance: the renewal rate the labels can show, if the model's
 * chances are right. Reported beside the observed rate, so a calibration gap can be told apart from the wait.
 */
function labelWaitOf(train: readonly Example[], test: readonly Example[], probabilities: readonly number[], newestWeek: Date) {
  const gaps = train.flatMap((e) => (e.label.renewalGapDays === undefined ? [] : [e.label.renewalGapDays])).sort((a, b) => a - b);
  const shownWithin = (days: number) => (gaps.length === 0 ? 1 : gaps.filter((gap) => gap <= days).length / gaps.length);
  const followUps = test.map((e) => Math.round((newestWeek.getTime() - e.label.firstWeekEnd.getTime()) / DAY_MS));
  const mean = (values: readonly number[]) => (values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length);
  return {
    notRenewedAfterDays: NOT_RENEWED_AFTER_DAYS,
    trainingRenewals: gaps.length,
    medianGapDays: gaps.length === 0 ? null : gaps[Math.floor(gaps.length / 2)]!,
    shownWithin: WAIT_STEPS.map((days) => ({ days, share: shownWithin(days) })),
    testFollowUpDays: { min: Math.min(...followUps), max: Math.max(...followUps) },
    meanPredicted: mean(probabilities),
    expectedObservedRate: mean(probabilities.map((p, i) => p * shownWithin(followUps[i]!))),
    observedRate: mean(test.map((e) => (e.label.renewed ? 1 : 0))),
  };
}
