// The committed backtest report (models/outlook-backtest.json) checked against itself and against the README:
// its figures recomputed from its own per-season rows with arithmetic written here (not metrics.ts), its target
// block against those figures, and the README's outlook section against the report. No server needed.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { BacktestReport, ModelFile } from "../src/charts/outlook/backtest.js";
import { projectRoot } from "./support/server.js";

const report = JSON.parse(readFileSync(join(projectRoot, "models", "outlook-backtest.json"), "utf8")) as BacktestReport;
const modelFile = JSON.parse(readFileSync(join(projectRoot, "models", "outlook-model.json"), "utf8")) as ModelFile;
const readme = readFileSync(join(projectRoot, "README.md"), "utf8");
const sectionStart = readme.indexOf("### Renewal outlook");
const section = readme.slice(sectionStart, readme.indexOf("\n### ", sectionStart + 1));
/** The section's prose as one line (sentences wrap across lines in the file). */
const prose = section.replace(/\s*\n\s*/g, " ");

type Season = BacktestReport["seasons"][number];
const seasons: Season[] = report.seasons;
const outcome = (season: Season) => (season.renewed ? 1 : 0);
const mean = (values: number[]) => values.reduce((total, value) => total + value, 0) / values.length;

/** ROC AUC by counting every (renewed, not renewed) pair: a higher score wins, a tie counts half. */
function pairwiseAuc(scores: number[], outcomes: boolean[]): number {
  let wins = 0;
  let pairs = 0;
  scores.forEach((positive, i) => {
    if (!outcomes[i]) return;
    scores.forEach((negative, j) => {
      if (outcomes[j]) return;
      pairs += 1;
      wins += positive > negative ? 1 : positive === negative ? 0.5 : 0;
    });
  });
  return wins / pairs;
}

/** Precision and recall of "renewed" calls, counted from the seasons. */
function precisionAndRecall(calls: boolean[]) {
  const called = seasons.filter((_, i) => calls[i]);
  const hits = called.filter((season) => season.renewed).length;
  return { predicted: called.length, precision: called.length ? hits / called.length : null, recall: hits / seasons.filter((s) => s.renewed).length };
}

/** The seasons whose probability is in [from, to), the last bin closed at 1. */
const inBin = (probability: number, from: number, to: number) => probability >= from && (probability < to || (to === 1 && probability <= 1));

/** The number a threshold's name states, e.g. 0.5 in "LIKELY_RENEWED (p ≥ 0.5)". */
function thresholdIn(name: string, variable: "p" | "score"): number {
  const match = new RegExp(`${variable} ≥ (-?[\\d.]+)`).exec(name);
  expect(match, `no "${variable} ≥ N" in ${name}`).not.toBeNull();
  return Number(match![1]);
}

/** A figure as the README prints it: the report's value rounded to the printed number of decimals. */
function expectShown(printed: string, value: number, what: string) {
  const decimals = printed.split(".")[1]?.length ?? 0;
  expect(printed, what).toBe(value.toFixed(decimals));
}

const wordNumbers = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];

describe("the committed backtest report, recomputed from its own seasons", () => {
  it("holds the test window's seasons, with the counts the report states", () => {
    expect(seasons.length).toBeGreaterThan(100);
    expect(report.testSeasons).toBe(seasons.length);
    expect(report.testRenewed).toBe(seasons.filter((season) => season.renewed).length);
    for (const season of seasons) {
      expect(season.probability).toBeGreaterThanOrEqual(0);
      expect(season.probability).toBeLessThanOrEqual(1);
    }
  });

  it("the model's Brier score is the mean squared gap between each season's probability and its outcome", () => {
    const brier = mean(seasons.map((season) => (season.probability - outcome(season)) ** 2));
    expect(report.model.brier).toBeCloseTo(brier, 12);
  });

  it("the model's accuracy is the share of seasons where p ≥ 0.5 matched a renewal", () => {
    const right = seasons.filter((season) => (season.probability >= 0.5) === season.renewed).length;
    expect(report.model.accuracy).toBeCloseTo(right / seasons.length, 12);
  });

  it("precision and recall at each of the model's thresholds are counted from the seasons, at the model file's thresholds", () => {
    const cutoffs = report.model.thresholds.map((t) => thresholdIn(t.threshold, "p"));
    expect([...cutoffs].sort()).toEqual([modelFile.thresholds.likelyCanceled, modelFile.thresholds.likelyRenewed].sort());
    report.model.thresholds.forEach((threshold, i) => {
      const expected = precisionAndRecall(seasons.map((season) => season.probability >= cutoffs[i]!));
      expect(threshold.predicted, threshold.threshold).toBe(expected.predicted);
      expect(threshold.precision, threshold.threshold).toBeCloseTo(expected.precision!, 12);
      expect(threshold.recall, threshold.threshold).toBeCloseTo(expected.recall, 12);
    });
  });

  it("every calibration bin's count, mean predicted and observed rate are those of the seasons whose probability is in it", () => {
    expect(report.model.calibration).toHaveLength(10);
    report.model.calibration.forEach((bin, i) => {
      expect([bin.from, bin.to]).toEqual([i / 10, (i + 1) / 10]);
      const members = seasons.filter((season) => inBin(season.probability, bin.from, bin.to));
      expect(bin.seasons, `bin ${bin.from}–${bin.to}`).toBe(members.length);
      if (members.length === 0) {
        expect(bin.meanPredicted).toBeNull();
        expect(bin.observedRate).toBeNull();
        expect(bin.gapPoints).toBeNull();
        return;
      }
      const predicted = mean(members.map((season) => season.probability));
      const observed = mean(members.map(outcome));
      expect(bin.meanPredicted!).toBeCloseTo(predicted, 12);
      expect(bin.observedRate!).toBeCloseTo(observed, 12);
      expect(bin.gapPoints!).toBeCloseTo(Math.abs(predicted - observed) * 100, 10);
    });
    expect(report.model.calibration.reduce((total, bin) => total + bin.seasons, 0)).toBe(seasons.length);
  });

  it("the model's AUC is recounted from the pairs of seasons", () => {
    expect(report.model.auc).toBeCloseTo(pairwiseAuc(seasons.map((s) => s.probability), seasons.map((s) => s.renewed)), 12);
  });

  it("each baseline's AUC comes from its own score: the article rule's call, the points rule's score", () => {
    const outcomes = seasons.map((season) => season.renewed);
    expect(report.baselines.articleRule.auc).toBeCloseTo(pairwiseAuc(seasons.map((s) => (s.articleRuleRenewed ? 1 : 0)), outcomes), 12);
    expect(report.baselines.pointsRule.auc).toBeCloseTo(pairwiseAuc(seasons.map((s) => s.pointsRuleScore), outcomes), 12);
  });

  it("each baseline's precision and recall are those of its call on the seasons", () => {
    const [article] = report.baselines.articleRule.thresholds;
    expect(report.baselines.articleRule.thresholds).toHaveLength(1);
    expect(article).toMatchObject(precisionAndRecall(seasons.map((s) => s.articleRuleRenewed)));
    const [points] = report.baselines.pointsRule.thresholds;
    expect(report.baselines.pointsRule.thresholds).toHaveLength(1);
    const minimum = thresholdIn(points!.threshold, "score");
    expect(points).toMatchObject(precisionAndRecall(seasons.map((s) => s.pointsRuleScore >= minimum)));
  });

  it("each baseline gives every season of a call one probability, and its Brier score and accuracy follow from those", () => {
    // A rule's probability is its call's renewal rate among the training seasons: one number per call. So the
    // seasons of each call fill exactly one calibration bin (whose mean predicted is that number), and the
    // rule's Brier score and accuracy follow from it and the seasons' outcomes.
    const pointsRenewed = thresholdIn(report.baselines.pointsRule.thresholds[0]!.threshold, "score");
    const rules = [
      { name: "articleRule", scores: report.baselines.articleRule, callOf: (s: Season) => String(s.articleRuleRenewed) },
      // The points rule's verdicts (points-rule.ts): LIKELY_RENEWED at score ≥ 2, LIKELY_CANCELED at ≤ −2, AT_RISK between.
      { name: "pointsRule", scores: report.baselines.pointsRule, callOf: (s: Season) => (s.pointsRuleScore >= pointsRenewed ? "renewed" : s.pointsRuleScore <= -2 ? "canceled" : "at risk") },
    ];
    for (const { name, scores, callOf } of rules) {
      const calls = [...new Set(seasons.map(callOf))];
      const filled = scores.calibration.filter((bin) => bin.seasons > 0);
      expect(filled, `${name}: one filled bin per call`).toHaveLength(calls.length);
      const probabilityOf = new Map<string, number>();
      for (const call of calls) {
        const members = seasons.filter((season) => callOf(season) === call);
        const renewed = members.filter((season) => season.renewed).length;
        const bin = filled.find((candidate) => candidate.seasons === members.length && Math.round(candidate.observedRate! * candidate.seasons) === renewed);
        expect(bin, `${name}: a bin holding the ${members.length} seasons called ${call}`).toBeDefined();
        expect(bin!.meanPredicted! >= bin!.from && bin!.meanPredicted! < bin!.to).toBe(true);
        probabilityOf.set(call, bin!.meanPredicted!);
      }
      const probabilities = seasons.map((season) => probabilityOf.get(callOf(season))!);
      expect(scores.brier, `${name} Brier`).toBeCloseTo(mean(seasons.map((season, i) => (probabilities[i]! - outcome(season)) ** 2)), 12);
      expect(scores.accuracy, `${name} accuracy`).toBeCloseTo(seasons.filter((season, i) => (probabilities[i]! >= 0.5) === season.renewed).length / seasons.length, 12);
    }
  });
});

describe("the report's target block", () => {
  it("measures the model's AUC against the issue's 0.80 and is met only at or above it", () => {
    expect(report.target.auc.wanted).toBe(0.8);
    expect(report.target.auc.measured).toBe(report.model.auc);
    expect(report.target.auc.met).toBe(report.model.auc >= 0.8);
  });

  it("calls the Brier target met exactly when the model's Brier beats both baselines'", () => {
    const { articleRule, pointsRule } = report.baselines;
    expect(report.target.brier.met).toBe(report.model.brier < articleRule.brier && report.model.brier < pointsRule.brier);
  });

  it("calls calibration met exactly when every bin of ≥ 20 seasons is within 10 points, and names the largest such gap", () => {
    // Gaps from the seasons themselves, not the report's gapPoints.
    const judged = report.model.calibration
      .map((bin) => seasons.filter((season) => inBin(season.probability, bin.from, bin.to)))
      .filter((members) => members.length >= 20)
      .map((members) => Math.abs(mean(members.map((s) => s.probability)) - mean(members.map(outcome))) * 100);
    expect(judged.length).toBeGreaterThan(0);
    expect(report.target.calibration.met).toBe(judged.every((gap) => gap <= 10));
    expect(report.target.calibration.worstGapPoints).toBeCloseTo(Math.max(...judged), 10);
  });
});

describe("the README's renewal outlook section, against the committed report", () => {
  const rows = {
    model: report.model,
    "the article's rule": report.baselines.articleRule,
    "the former points rule": report.baselines.pointsRule,
  };

  it("its backtest table shows each method's AUC with interval, Brier, accuracy, precision and recall as the report has them", () => {
    const lines = section.split("\n").filter((line) => line.startsWith("| "));
    for (const [name, scores] of Object.entries(rows)) {
      const line = lines.find((candidate) => candidate.startsWith(`| ${name} |`) || candidate.startsWith(`| ${name} (`));
      expect(line, `README row for ${name}`).toBeDefined();
      const [auc, brier, accuracy, precisionRecall] = line!.split("|").slice(2, 6).map((cell) => cell.trim());
      const interval = /^(\d\.\d+) \((\d\.\d+)–(\d\.\d+)\)$/.exec(auc!);
      expect(interval, `${name}: AUC (low–high)`).not.toBeNull();
      expectShown(interval![1]!, scores.auc, `${name} AUC`);
      expectShown(interval![2]!, scores.aucInterval.low, `${name} interval low`);
      expectShown(interval![3]!, scores.aucInterval.high, `${name} interval high`);
      expectShown(brier!, scores.brier, `${name} Brier`);
      expectShown(accuracy!, scores.accuracy, `${name} accuracy`);
      // "p ≥ 0.5: 0.53 / 0.48; p ≥ 0.2: 0.33 / 0.90", or one unlabelled "0.26 / 0.78".
      const calls = precisionRecall!.split("; ");
      expect(calls, `${name}: one precision / recall per threshold`).toHaveLength(scores.thresholds.length);
      calls.forEach((call, i) => {
        const parts = /^(?:(.+): )?(\d\.\d+) \/ (\d\.\d+)$/.exec(call);
        expect(parts, `${name}: "${call}"`).not.toBeNull();
        const threshold = scores.thresholds[i]!;
        if (parts![1]) expect(threshold.threshold).toContain(parts![1]);
        expectShown(parts![2]!, threshold.precision!, `${name} precision (${threshold.threshold})`);
        expectShown(parts![3]!, threshold.recall!, `${name} recall (${threshold.threshold})`);
      });
    }
  });

  it("its calibration sentence lists the report's non-empty bins with their seasons, mean predicted and observed rate", () => {
    const sentence = /Calibration of the model \([^)]*\): (.+?)\.(?: |$)/.exec(prose);
    expect(sentence, "the README's calibration sentence").not.toBeNull();
    const bins = sentence![1]!.split("; ").map((text) => {
      const parts = /^(\d\.\d)–(\d\.\d): (\d+), (\d+)%, (\d+)%$/.exec(text);
      expect(parts, `calibration bin "${text}"`).not.toBeNull();
      return { from: Number(parts![1]), to: Number(parts![2]), seasons: Number(parts![3]), predicted: Number(parts![4]), observed: Number(parts![5]) };
    });
    const filled = report.model.calibration.filter((bin) => bin.seasons > 0);
    expect(bins.map((bin) => [bin.from, bin.to])).toEqual(filled.map((bin) => [bin.from, bin.to]));
    bins.forEach((bin, i) => {
      const committed = filled[i]!;
      expect(bin.seasons, `${bin.from}–${bin.to} seasons`).toBe(committed.seasons);
      expect(bin.predicted, `${bin.from}–${bin.to} mean predicted`).toBe(Math.round(committed.meanPredicted! * 100));
      expect(bin.observed, `${bin.from}–${bin.to} observed`).toBe(Math.round(committed.observedRate! * 100));
    });
  });

  it("its counts of training, test and validation seasons, and the validation figures, are the report's", () => {
    const split = /Trained on the (\d+) labelled seasons first charting before (\d{4}-\d\d) \((\d+) renewed\), tested on the (\d+) first charting (\S+) to (\S+) \((\d+) renewed, ([\d.]+)%\)/.exec(prose);
    expect(split, "the README's train/test sentence").not.toBeNull();
    expect(Number(split![1])).toBe(report.trainWindow.seasons);
    expect(report.trainWindow.before.startsWith(split![2]!)).toBe(true);
    expect(Number(split![3])).toBe(report.trainWindow.renewed);
    expect(Number(split![4])).toBe(report.testSeasons);
    expect([split![5], split![6]]).toEqual([report.testWindow.from, report.testWindow.to]);
    expect(Number(split![7])).toBe(report.testRenewed);
    expectShown(split![8]!, (report.testRenewed / report.testSeasons) * 100, "test renewal rate");
    const validation = /On the validation split \((\d+) seasons, (\d+) renewed\) the same training scores AUC (\d\.\d+) and Brier (\d\.\d+)/.exec(prose);
    expect(validation, "the README's validation sentence").not.toBeNull();
    expect([Number(validation![1]), Number(validation![2])]).toEqual([report.validation.seasons, report.validation.renewed]);
    expectShown(validation![3]!, report.validation.auc, "validation AUC");
    expectShown(validation![4]!, report.validation.brier, "validation Brier");
  });

  it("its account of the target says what the report's target block says, with the same shortfalls", () => {
    const brier = /Brier: (met|not met) \(([\d.]+) beats the points rule's ([\d.]+) and the article rule's ([\d.]+)\)/.exec(prose);
    expect(brier, "the README's Brier sentence").not.toBeNull();
    expect(brier![1] === "met").toBe(report.target.brier.met);
    expectShown(brier![2]!, report.model.brier, "model Brier");
    expectShown(brier![3]!, report.baselines.pointsRule.brier, "points rule Brier");
    expectShown(brier![4]!, report.baselines.articleRule.brier, "article rule Brier");

    const { target } = report;
    expect(prose.includes("**The target is not fully met.**"), "the README says whether the target is met").toBe(!(target.auc.met && target.brier.met && target.calibration.met));
    const auc = /AUC: (\d\.\d+), short of (\d\.\d+) by (\d\.\d+) \(the interval's top, (\d\.\d+)/.exec(prose);
    expect(auc !== null, "the README gives the AUC's shortfall exactly when it is short").toBe(!target.auc.met);
    if (auc) {
      expectShown(auc[1]!, report.model.auc, "AUC");
      expect(Number(auc[2])).toBe(target.auc.wanted);
      expectShown(auc[3]!, target.auc.wanted - report.model.auc, "AUC shortfall");
      expectShown(auc[4]!, report.model.aucInterval.high, "interval top");
    }

    // The bins judged (≥ 20 seasons) that miss by more than 10 points, worst first, as the README names them.
    const judged = report.model.calibration.filter((bin) => bin.seasons >= 20);
    const off = judged.filter((bin) => bin.gapPoints! > 10).sort((a, b) => b.gapPoints! - a.gapPoints!);
    const calibration = /Calibration: (\w+) of the (\w+) bins with ≥ 20 seasons are off by more than 10 points \(([^;]+);/.exec(prose);
    expect(calibration !== null, "the README names the bins off by more than 10 points exactly when calibration is not met").toBe(!target.calibration.met);
    if (calibration) {
      expect(wordNumbers.indexOf(calibration[1]!)).toBe(off.length);
      expect(wordNumbers.indexOf(calibration[2]!)).toBe(judged.length);
      const named = calibration[3]!.split(", ").map((text) => /^(\d\.\d)–(\d\.\d) by ([\d.]+)$/.exec(text));
      expect(named.map((parts) => [Number(parts![1]), Number(parts![2])])).toEqual(off.map((bin) => [bin.from, bin.to]));
      named.forEach((parts, i) => expectShown(parts![3]!, off[i]!.gapPoints!, `gap of ${parts![1]}–${parts![2]}`));
      expectShown(named[0]![3]!, target.calibration.worstGapPoints, "worst gap");
    }
  });

  it("its verdict thresholds are the committed model file's", () => {
    const verdict = /`LIKELY_RENEWED` at probability ≥ ([\d.]+), `LIKELY_CANCELED` below ([\d.]+), `AT_RISK` between/.exec(prose);
    expect(verdict, "the README's verdict sentence").not.toBeNull();
    expect(Number(verdict![1])).toBe(modelFile.thresholds.likelyRenewed);
    expect(Number(verdict![2])).toBe(modelFile.thresholds.likelyCanceled);
  });
});

describe("the backtest report's label wait", () => {
  const wait = report.labelWait;
  const dayMs = 86_400_000;
  const newestWeek = Date.parse("2026-07-19T00:00:00Z");

  it("states the test seasons' own follow-up, mean chance and renewal rate, as the seasons give them", () => {
    const followUps = seasons.map((season) => Math.round((newestWeek - Date.parse(`${season.firstWeek}T00:00:00Z`)) / dayMs));
    expect(wait.testFollowUpDays).toEqual({ min: Math.min(...followUps), max: Math.max(...followUps) });
    expect(wait.meanPredicted).toBeCloseTo(mean(seasons.map((season) => season.probability)), 12);
    expect(wait.observedRate).toBeCloseTo(report.testRenewed / report.testSeasons, 12);
    expect(wait.notRenewedAfterDays).toBe(730);
    // Every test season has two years of data after it: the wait is why the label is already given.
    expect(wait.testFollowUpDays.min).toBeGreaterThanOrEqual(730);
  });

  it("counts the training renewals' waits as shares that only grow with the days, and scales the mean chance by them", () => {
    const shares = wait.shownWithin.map((step) => step.share);
    expect(wait.shownWithin.map((step) => step.days)).toEqual([365, 548, 730, 900, 1095]);
    shares.forEach((share, i) => expect(share).toBeGreaterThanOrEqual(i === 0 ? 0 : shares[i - 1]!));
    expect(wait.trainingRenewals).toBeLessThanOrEqual(report.trainWindow.renewed);
    expect(wait.trainingRenewals).toBeGreaterThan(0.9 * report.trainWindow.renewed);
    expect(wait.medianGapDays).toBeGreaterThan(365);
    expect(wait.medianGapDays).toBeLessThan(730);
    // Each season's chance is scaled by the share shown within its follow-up: at least the 730-day share (every
    // follow-up is longer), at most the whole chance.
    const at730 = wait.shownWithin.find((step) => step.days === 730)!.share;
    expect(wait.expectedObservedRate!).toBeGreaterThanOrEqual(wait.meanPredicted! * at730 - 1e-12);
    expect(wait.expectedObservedRate!).toBeLessThan(wait.meanPredicted!);
  });

  it("the README quotes the label wait as the report has it", () => {
    const percent = (share: number) => `${(share * 100).toFixed(1)}%`;
    const shareAt = (days: number) => percent(wait.shownWithin.find((step) => step.days === days)!.share);
    expect(prose).toContain(`of the ${wait.trainingRenewals} training renewals the data shows, ${shareAt(730)} had their next season charting within two years`);
    expect(prose).toContain(`${shareAt(900)} within 900 days and ${shareAt(1095)} within three years (median ${wait.medianGapDays} days)`);
    expect(prose).toContain(`A test season has ${wait.testFollowUpDays.min} to ${wait.testFollowUpDays.max.toLocaleString("en-US")} days of data after it`);
    expect(prose).toContain(`the model's ${percent(wait.meanPredicted!)} would show as ${percent(wait.expectedObservedRate!)} renewed, against ${percent(wait.observedRate!)} observed`);
  });
});

