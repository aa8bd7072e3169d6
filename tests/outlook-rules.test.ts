// The renewal model's pure parts, tested directly (no server needed): labels, features, metrics, the fit, and
// the verdict a probability gets.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FEATURE_NAMES, featuresOf, metadataFeaturesOf, type FeatureVector } from "../src/charts/outlook/features.js";
import type { HistoryRow, ShowMetadata } from "../src/charts/outlook/history.js";
import { labelSeasons } from "../src/charts/outlook/labels.js";
import { examplesOf, verdictOf } from "../src/charts/outlook/backtest.js";
import { bootstrapAucInterval, brierScore, calibrationTable, rocAuc } from "../src/charts/outlook/metrics.js";
import { contributionsOf, fitLogistic, predict, standardized } from "../src/charts/outlook/model.js";
import { reasonsOf } from "../src/charts/outlook/reasons.js";
import type { ModelFile } from "../src/charts/outlook/backtest.js";
import { isCompleteAsMade } from "../src/shows/status-facts.js";
import { projectRoot } from "./support/server.js";

const DAY = 86_400_000;
let nextSeason = 1;
const seasonIds = new Map<string, number>();
const NO_METADATA: ShowMetadata = { genres: [], originalLanguage: null, countries: [], contentRating: null };

/** Weekly rows of one season in TV (English), `hours` one per consecutive week from the Sunday `firstWeek`. */
function run(show: string, number: number, firstWeek: string, hours: number[], options: { rank?: number; kind?: HistoryRow["kind"]; showId?: number; show?: ShowMetadata } = {}): HistoryRow[] {
  const key = `${show} ${number}`;
  if (!seasonIds.has(key)) seasonIds.set(key, nextSeason++);
  const start = new Date(`${firstWeek}T00:00:00Z`).getTime();
  return hours.map((value, i) => ({
    showId: options.showId ?? show.length * 1000 + show.charCodeAt(0),
    showTitle: show,
    kind: options.kind ?? "SERIES",
    seasonId: seasonIds.get(key)!,
    seasonNumber: number,
    category: "TV_ENGLISH",
    weekStart: new Date(start + i * 7 * DAY - 6 * DAY),
    weekEnd: new Date(start + i * 7 * DAY),
    rank: options.rank ?? 3,
    hours: value,
    views: null,
    viewsSource: null,
    runtimeHours: null,
    show: options.show ?? NO_METADATA,
  }));
}
const byWeek = (rows: HistoryRow[]) => [...rows].sort((a, b) => a.weekEnd.getTime() - b.weekEnd.getTime());
const fact = (id: number, status: "RENEWED" | "CANCELED", seasonNumber: number | null) => ({
  id,
  status,
  seasonNumber,
  announcedAt: new Date("2024-01-01T00:00:00Z"),
  createdAt: new Date("2024-01-01T00:00:00Z"),
  retractedAt: null,
});

describe("labels", () => {
  // The data's first week is 2021-07-04 and its newest 2026-07-19, as in Netflix's file.
  const frame = [...run("Opening", 1, "2021-07-04", [1]), ...run("Closing", 1, "2026-07-19", [1])];
  const history = byWeek([
    ...frame,
    ...run("Kept", 1, "2022-01-02", [100, 80, 60]),
    ...run("Kept", 2, "2023-06-04", [120, 90]),
    ...run("Dropped", 1, "2022-03-06", [50, 20]),
    ...run("Recent", 1, "2025-03-02", [70]),
    ...run("Binge", 1, "2023-01-08", [30]),
    ...run("Binge", 2, "2023-01-01", [90, 60]),
    ...run("Mini", 1, "2022-05-01", [40], { kind: "LIMITED_SERIES" }),
    ...run("Announced", 1, "2022-02-06", [60]),
  ]);
  const labels = new Map(labelSeasons(history).map((label) => [`${label.showTitle} ${label.seasonNumber}`, label]));

  it("a later season charting ≥ 90 days after is a renewal; none after two years is not; sooner is unknown", () => {
    // 2022-01-02 to season 2's debut on 2023-06-04: the wait the backtest's labelWait counts.
    expect(labels.get("Kept 1")).toMatchObject({ renewed: true, source: "DATA", excluded: null, renewalGapDays: 518 });
    expect(labels.get("Dropped 1")).toMatchObject({ renewed: false, source: "DATA", excluded: null });
    expect(labels.get("Dropped 1")!.renewalGapDays).toBeUndefined();
    expect(labels.get("Recent 1")).toMatchObject({ renewed: null, excluded: "TOO_RECENT" });
  });

  it("leaves out library binges, limited series and the data's first week", () => {
    expect(labels.get("Binge 1")!.excluded).toBe("LIBRARY_BINGE");
    expect(labels.get("Binge 2")!.excluded).toBeNull();
    expect(labels.get("Mini 1")!.excluded).toBe("COMPLETE_AS_MADE");
    expect(labels.get("Opening 1")!.excluded).toBe("FIRST_DATA_WEEK");
  });

  it("a recorded status fact overrides the data", () => {
    const kept = history.find((row) => row.showTitle === "Kept")!.showId;
    const announced = history.find((row) => row.showTitle === "Announced")!.showId;
    const facts = new Map([
      [kept, [fact(1, "CANCELED", 2)]],
      [announced, [fact(2, "RENEWED", null)]],
    ]);
    const overridden = new Map(labelSeasons(history, facts).map((label) => [`${label.showTitle} ${label.seasonNumber}`, label]));
    expect(overridden.get("Kept 1")).toMatchObject({ renewed: false, source: "STATUS_FACT" });
    expect(overridden.get("Announced 1")).toMatchObject({ renewed: true, source: "STATUS_FACT" });
    expect(labels.get("Announced 1")).toMatchObject({ renewed: false, source: "DATA" });
  });
});

describe("labels: specials and seasons that follow too soon", () => {
  const frame = [...run("Opening", 1, "2021-07-04", [1]), ...run("Closing", 1, "2026-07-19", [1])];
  // The day `days` after 2022-01-09, where the first seasons below debut.
  const after = (days: number) => new Date(new Date("2022-01-09T00:00:00Z").getTime() + days * DAY).toISOString().slice(0, 10);
  const history = byWeek([
    ...frame,
    // A special with a later "season" charting a year on: still complete as made, like a limited series.
    ...run("Special", 1, "2022-04-03", [40, 20], { kind: "SPECIAL" }),
    ...run("Special", 2, "2023-04-02", [30], { kind: "SPECIAL" }),
    ...run("Mini", 1, "2022-05-01", [40], { kind: "LIMITED_SERIES" }),
    ...run("Mini", 2, "2023-05-07", [30], { kind: "LIMITED_SERIES" }),
    // Season 2 first charts 84 days (twelve weeks) after season 1's debut: past the 28-day binge window,
    // short of the 90-day renewal gap.
    ...run("Early", 1, "2022-01-09", [80, 60, 40]),
    ...run("Early", 2, after(84), [70, 50]),
    // The gap's edge: 89 days is not a renewal, 90 days is.
    ...run("Almost", 1, "2022-01-09", [80, 60]),
    ...run("Almost", 2, after(89), [70]),
    ...run("Ninety", 1, "2022-01-09", [80, 60]),
    ...run("Ninety", 2, after(90), [70]),
  ]);
  const labels = new Map(labelSeasons(history).map((label) => [`${label.showTitle} ${label.seasonNumber}`, label]));

  it("leaves a SPECIAL out as complete as made, as it does a limited series, even with a later season charting", () => {
    expect(labels.get("Special 1")).toMatchObject({ excluded: "COMPLETE_AS_MADE" });
    expect(labels.get("Special 2")).toMatchObject({ excluded: "COMPLETE_AS_MADE" });
    expect(labels.get("Mini 1")).toMatchObject({ excluded: "COMPLETE_AS_MADE" });
    // Left out of the labelled set training and the backtest use; the series beside them are in it.
    const examples = examplesOf(history).map((example) => `${example.label.showTitle} ${example.label.seasonNumber}`);
    expect(examples).toEqual(expect.arrayContaining(["Early 1", "Almost 1", "Ninety 1"]));
    expect(examples.filter((key) => key.startsWith("Special") || key.startsWith("Mini"))).toEqual([]);
  });

  it("a later season first charting less than 90 days after a season's debut does not make it renewed; 90 days does", () => {
    expect(labels.get("Early 1")).toMatchObject({ renewed: false, source: "DATA", excluded: null });
    expect(labels.get("Almost 1")).toMatchObject({ renewed: false, source: "DATA", excluded: null });
    expect(labels.get("Ninety 1")).toMatchObject({ renewed: true, source: "DATA", excluded: null });
  });
});

describe("features", () => {
  const base = byWeek([
    ...run("Peer", 1, "2024-04-07", [50, 40, 30, 20]),
    ...run("Filler", 1, "2024-05-19", [10, 10, 10, 10, 10, 10, 10, 10], { rank: 10 }),
    ...run("Star", 3, "2024-05-19", [165.2, 92.8, 42.4, 25.3]),
  ]);
  const star = base.find((row) => row.showTitle === "Star")!.seasonId;

  it("reads only the first 28 days: later weeks and a later season's re-entry change nothing", () => {
    const before = featuresOf(base, star, new Date("2024-07-01T00:00:00Z"))!;
    expect(before.decisionDate.toISOString().slice(0, 10)).toBe("2024-06-09");
    const later = byWeek([...base, ...run("Star", 3, "2024-06-16", [223.3, 131.5]), ...run("Star", 4, "2026-02-01", [174.1])]);
    expect(featuresOf(later, star, new Date("2024-07-01T00:00:00Z"))).toEqual(before);
    expect(featuresOf(later, star, new Date("2026-07-19T00:00:00Z"))).toEqual(before);
    expect(before.figures.weeks.map((week) => week.changePercent)).toEqual([null, -43.83, -54.31, -40.33]);
  });

  it("is null before the decision date", () => {
    expect(featuresOf(base, star, new Date("2024-06-08T00:00:00Z"))).toBeNull();
  });

  it("a week out of the Top 10 counts below the list's No. 10", () => {
    const short = byWeek([...base, ...run("Brief", 1, "2024-05-19", [30])]);
    const brief = short.find((row) => row.showTitle === "Brief")!.seasonId;
    const features = featuresOf(short, brief, new Date("2024-07-01T00:00:00Z"))!;
    expect(features.figures.weeks.map((week) => week.hours)).toEqual([30, null, null, null]);
    expect(features.figures.weeks[1]!.modelHours).toBeCloseTo(7, 10);
    expect(features.values.weeksInTop10).toBe(1);
  });
});

describe("feature values, computed by hand from synthetic rows", () => {
  /** The Sunday `weeks` weeks from 2024-05-19 (negative: before it). */
  const week = (weeks: number) => new Date(new Date("2024-05-19T00:00:00Z").getTime() + weeks * 7 * DAY).toISOString().slice(0, 10);
  const withRanks = (rows: HistoryRow[], ranks: number[]) => rows.map((row, i) => ({ ...row, rank: ranks[i]! }));
  const inList = (rows: HistoryRow[], category: string) => rows.map((row) => ({ ...row, category }));
  const decided = new Date("2024-07-01T00:00:00Z");
  // "Lead" debuts 2024-05-19 (its first 28 days end 2024-06-09) with 100, 60, 45 and 30 hours at ranks 7, 3, 5
  // and 9, then a fifth week at No. 1 with 999 hours, after its first 28 days.
  const lead = withRanks(run("Lead", 1, week(0), [100, 60, 45, 30, 999], { showId: 101 }), [7, 3, 5, 9, 1]);
  // Its peers: titles that debuted in TV (English) in the half year up to its debut, each by its own first 28 days.
  const peers = [
    ...run("PeerA", 1, week(-25), [50, 50, 50, 50], { showId: 102 }), // 200
    ...run("PeerB", 1, week(-12), [40, 10, 5, 5, 300], { showId: 103 }), // 60: the fifth week is past its first 28 days
    ...run("PeerC", 1, week(-4), [90, 30, 10, 10], { showId: 104 }), // 140
    ...run("PeerD", 1, week(0), [10], { showId: 105 }), // 10: debuted the same week
  ];
  // Not peers: debuted 27 weeks (189 days) before, in the other list, or after Lead.
  const others = [
    ...run("Old", 1, week(-27), [1000], { showId: 106 }),
    ...inList(run("Abroad", 1, week(-8), [5], { showId: 107 }), "TV_NON_ENGLISH"),
    ...run("Later", 1, week(1), [7], { showId: 108 }),
  ];
  const history = byWeek([...lead, ...peers, ...others]);
  const seasonOf = (rows: HistoryRow[], title: string) => rows.find((row) => row.showTitle === title)!.seasonId;

  it("first-28-day hours are measured against the median of the same list's titles that debuted in the half year before (log ratio)", () => {
    const features = featuresOf(history, seasonOf(history, "Lead"), decided)!;
    // 100 + 60 + 45 + 30 = 235 hours; the peers' 200, 60, 140 and 10 have the median (60 + 140) / 2 = 100. Had the
    // title from 27 weeks before counted, the median would be 140; the other list's or the later debut's, 60;
    // PeerB's whole run (360), 170.
    expect(features.figures.hoursFirst28Days).toBe(235);
    expect(features.figures.peerCount).toBe(4);
    expect(features.figures.peerMedianHours).toBe(100);
    expect(features.values.relativeHours).toBeCloseTo(Math.log(235 / 100), 12);
    // No views in the rows: the views feature falls back on the hours'.
    expect(features.values.relativeViews).toBe(features.values.relativeHours);
  });

  it("the week-2 change, the largest fall, week 4 against the best week, and debut and peak rank come from the first 28 days only", () => {
    const { values, figures } = featuresOf(history, seasonOf(history, "Lead"), decided)!;
    expect(values.week2Change).toBeCloseTo(Math.log(60 / 100), 12);
    // Falls of 60/100, 45/60 and 30/45: the largest is week 2's.
    expect(values.largestDrop).toBeCloseTo(Math.log(60 / 100), 12);
    expect(values.hold).toBeCloseTo(Math.log(30 / 100), 12);
    expect(values.lastWeekHours).toBeCloseTo(Math.log(30), 12);
    expect(values.weeksInTop10).toBe(4);
    // Debut at No. 7, best at No. 3 within the first 28 days (the No. 1 of week 5 is after them), scaled (11 − rank) / 10.
    expect([figures.debutRank, figures.peakRank]).toEqual([7, 3]);
    expect(values.debutRank).toBeCloseTo(0.4, 12);
    expect(values.peakRank).toBeCloseTo(0.8, 12);
    expect(values.returningSeason).toBe(0);
    expect(values.priorSeason).toBe(0);
    expect(values.nonEnglish).toBe(0);
  });

  it("a week-2 absence from the Top 10 counts as 70% of that week's No. 10, in the week-2 change and the peer median", () => {
    // "Dip" debuts beside Lead with 80 hours, misses week 2, returns with 40 and 20. Week 2's smallest figure in
    // the list is Later's 7 hours, so week 2 counts as 4.9.
    const rows = byWeek([...history, ...run("Dip", 1, week(0), [80, 0, 40, 20], { showId: 109 }).filter((_, i) => i !== 1)]);
    const { values, figures } = featuresOf(rows, seasonOf(rows, "Dip"), decided)!;
    expect(figures.weeks.map((w) => w.modelHours)).toEqual([80, expect.closeTo(4.9, 12), 40, 20]);
    expect(values.week2Change).toBeCloseTo(Math.log(4.9 / 80), 12);
    expect(values.largestDrop).toBeCloseTo(Math.log(4.9 / 80), 12);
    expect(values.weeksInTop10).toBe(3);
    // Its peers are Lead's four and Lead itself (same week): 10, 60, 140, 200, 235, median 140; its own 80 + 40 + 20 = 140.
    expect(figures.peerMedianHours).toBe(140);
    expect(values.relativeHours).toBeCloseTo(Math.log(140 / 140), 12);
  });

  it("a returning season is compared with the previous season's own first 28 days, if those began 90 days or more before", () => {
    // Saga's season 1 debuted a year before season 2 (100 hours in its first 28 days; its fifth week and its
    // re-entry beside season 2 are not part of them); season 2 drew 80 + 60 + 40 + 20 = 200.
    const saga = byWeek([
      ...run("Saga", 1, week(-52), [40, 30, 20, 10, 5], { showId: 110 }),
      ...run("Saga", 1, week(0), [50], { showId: 110 }),
      ...run("Saga", 2, week(0), [80, 60, 40, 20], { showId: 110 }),
    ]);
    const returning = featuresOf(saga, seasonOf(saga.filter((row) => row.seasonNumber === 2), "Saga"), decided)!;
    expect(returning.figures.priorSeason).toEqual({ number: 1, hoursFirst28Days: 100 });
    expect(returning.values.priorSeason).toBeCloseTo(Math.log(200 / 100), 12);
    expect(returning.values.returningSeason).toBe(1);
    expect(returning.values.week2Change).toBeCloseTo(Math.log(60 / 80), 12);
    // Season 1 debuted more than half a year before: not a peer, so no median to compare with.
    expect(returning.figures.peerCount).toBe(0);
    expect(returning.values.relativeHours).toBe(0);

    // Rush's season 1 debuted 70 days before season 2: too close for a first run of its own, so no prior-season
    // comparison, though season 2 is still a returning season; season 1 is then a peer in the half year before.
    const rush = byWeek([...run("Rush", 1, week(-10), [40, 30, 20, 10], { showId: 111 }), ...run("Rush", 2, week(0), [80, 60, 40, 20], { showId: 111 })]);
    const close = featuresOf(rush, seasonOf(rush.filter((row) => row.seasonNumber === 2), "Rush"), decided)!;
    expect(close.figures.priorSeason).toBeNull();
    expect(close.values.priorSeason).toBe(0);
    expect(close.values.returningSeason).toBe(1);
    expect(close.figures.peerMedianHours).toBe(100);
    expect(close.values.relativeHours).toBeCloseTo(Math.log(200 / 100), 12);
  });
});

describe("show metadata features", () => {
  const documentary: ShowMetadata = { genres: ["Documentary", "Crime"], originalLanguage: "en", countries: ["US", "GB"], contentRating: "TV-MA" };

  it("are TMDB's genres, the original language, countries and rating as 1 or 0, and NaN where the database does not know", () => {
    expect(metadataFeaturesOf(documentary)).toMatchObject({ documentary: 1, reality: 0, unscripted: 1, crime: 1, animation: 0, englishOriginal: 1, korean: 0, usProduction: 1, coProduction: 1, kidsRating: 0 });
    expect(metadataFeaturesOf({ genres: ["Animation", "Kids"], originalLanguage: "ja", countries: ["JP"], contentRating: "TV-Y7" })).toMatchObject({
      animation: 1, anime: 1, kids: 1, unscripted: 0, japanese: 1, englishOriginal: 0, coProduction: 0, kidsRating: 1,
    });
    const unknown = metadataFeaturesOf(NO_METADATA);
    expect(Object.values(unknown).every(Number.isNaN)).toBe(true);
    // Genres known, language not: the genre features are known, the language ones are not (and anime needs both).
    expect(metadataFeaturesOf({ ...NO_METADATA, genres: ["Reality"] })).toMatchObject({ reality: 1, unscripted: 1, englishOriginal: NaN, anime: NaN });
  });

  it("come from the season's show, fixed before it airs: the same at any date, beside its first-28-day figures", () => {
    const rows = byWeek([...run("Peer", 1, "2024-04-07", [50, 40, 30, 20]), ...run("Docs", 1, "2024-05-19", [60, 40, 30, 20], { show: documentary })]);
    const docs = rows.find((row) => row.showTitle === "Docs")!.seasonId;
    const features = featuresOf(rows, docs, new Date("2024-07-01T00:00:00Z"))!;
    expect(features.values).toMatchObject({ documentary: 1, unscripted: 1, crime: 1 });
    expect(features.figures.show).toEqual(documentary);
    expect(Object.keys(features.values).sort()).toEqual([...FEATURE_NAMES].sort());
  });

  it("an unknown value counts as the training average: fitted on the known ones, it contributes nothing", () => {
    const row = (i: number, documentary: number): FeatureVector => ({ ...Object.fromEntries(FEATURE_NAMES.map((name) => [name, 0])), relativeHours: ((i * 29) % 40) / 20 - 1, documentary }) as FeatureVector;
    const known = Array.from({ length: 40 }, (_, i) => row(i, i % 3 === 0 ? 1 : 0));
    const rows = [...known, row(1, NaN), row(2, NaN)];
    const labels = rows.map((r, i) => r.documentary === 1 || (i * 7) % 5 === 0);
    const model = fitLogistic(rows, labels, 2, ["relativeHours", "documentary"]);
    expect(model.means[1]).toBeCloseTo(14 / 40, 12);
    expect(model.weights.every(Number.isFinite)).toBe(true);
    expect(model.weights[1]).toBeGreaterThan(0);
    expect(contributionsOf(model, row(5, NaN)).documentary).toBe(0);
    expect(standardized(model, row(5, NaN))[1]).toBe(0);
    const prediction = predict(model, row(5, NaN));
    expect(prediction).toBeGreaterThan(predict(model, row(5, 0)));
    expect(prediction).toBeLessThan(predict(model, row(5, 1)));
  });

  it("reasons name the real genre, language and rating, and say when the database does not know them", () => {
    const rows = byWeek([
      ...run("Peer", 1, "2024-04-07", [50, 40, 30, 20]),
      ...run("Docs", 1, "2024-05-19", [60, 40, 30, 20], { show: documentary }),
      ...run("Unknown", 1, "2024-05-19", [60, 40, 30, 20]),
    ]);
    const features = (title: string) => featuresOf(rows, rows.find((row) => row.showTitle === title)!.seasonId, new Date("2024-07-01T00:00:00Z"))!;
    const contributions = { unscripted: 0.4, animation: 0, englishOriginal: 0.1, korean: 0, kidsRating: -0.06 };
    const docs = reasonsOf(features("Docs"), contributions);
    expect(docs.find((reason) => reason.code === "GENRE")).toEqual({ code: "GENRE", effect: "POSITIVE", contribution: 0.4, explanation: "A documentary series (its genres: Documentary, Crime)." });
    expect(docs.find((reason) => reason.code === "ORIGINAL_LANGUAGE")?.explanation).toBe("Originally in English.");
    expect(docs.find((reason) => reason.code === "CONTENT_RATING")).toMatchObject({ effect: "NEGATIVE", explanation: "Rated TV-MA, not a rating for children." });
    const unknown = reasonsOf(features("Unknown"), { unscripted: 0, korean: 0, kidsRating: 0 });
    expect(unknown.map((reason) => [reason.code, reason.effect, reason.explanation])).toEqual([
      ["CONTENT_RATING", "NEUTRAL", "Its content rating is not in the database, so it counts as an average season's."],
      ["GENRE", "NEUTRAL", "Its genres are not in the database, so they count as an average season's."],
      ["ORIGINAL_LANGUAGE", "NEUTRAL", "Its original language is not in the database, so it counts as an average season's."],
    ]);
    const drama = reasonsOf({ ...features("Docs"), figures: { ...features("Docs").figures, show: { ...documentary, genres: ["Drama"] } } }, { unscripted: -0.2, animation: -0.1 });
    expect(drama[0]!.explanation).toBe("None of the genres the model weighs (Reality, Documentary, Animation); its genres: Drama.");
  });
});

describe("metrics and the fit", () => {
  it("ROC AUC counts ranked pairs, ties half", () => {
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [false, false, true, true])).toBe(0.75);
    expect(rocAuc([0.5, 0.5], [false, true])).toBe(0.5);
    expect(brierScore([1, 0, 0.5], [true, false, true])).toBeCloseTo(0.25 / 3, 12);
  });

  it("the bootstrap interval is seeded and the calibration table has ten bins", () => {
    const scores = Array.from({ length: 60 }, (_, i) => (i * 37) % 60 / 60);
    const outcomes = scores.map((score, i) => score + ((i * 13) % 7) / 14 > 0.6);
    expect(bootstrapAucInterval(scores, outcomes, 200)).toEqual(bootstrapAucInterval(scores, outcomes, 200));
    const table = calibrationTable(scores, outcomes);
    expect(table).toHaveLength(10);
    expect(table.reduce((total, bin) => total + bin.seasons, 0)).toBe(60);
  });

  it("the logistic regression is deterministic and learns the direction of a feature", () => {
    const rows = Array.from({ length: 80 }, (_, i) => {
      const x = ((i * 29) % 80) / 40 - 1;
      return { ...Object.fromEntries(FEATURE_NAMES.map((name) => [name, 0])), relativeHours: x, weeksInTop10: (i % 4) + 1, nonEnglish: i % 2 } as FeatureVector;
    });
    const labels = rows.map((row, i) => row.relativeHours + ((i * 7) % 5) / 5 - 0.4 > 0);
    const features = ["relativeHours", "weeksInTop10", "nonEnglish"] as const;
    const model = fitLogistic(rows, labels, 2, [...features]);
    expect(fitLogistic(rows, labels, 2, [...features])).toEqual(model);
    expect(model.weights[0]).toBeGreaterThan(0.5);
    const high = predict(model, { ...rows[0]!, relativeHours: 1 });
    const low = predict(model, { ...rows[0]!, relativeHours: -1 });
    expect(high).toBeGreaterThan(low);
    expect(low).toBeGreaterThanOrEqual(0);
    expect(high).toBeLessThanOrEqual(1);
  });
});

describe("verdict thresholds", () => {
  it("serves the committed file's thresholds: LIKELY_RENEWED from 0.5, AT_RISK from 0.2, LIKELY_CANCELED below", () => {
    const committed = JSON.parse(readFileSync(join(projectRoot, "models", "outlook-model.json"), "utf8")) as ModelFile;
    expect(committed.thresholds).toEqual({ likelyRenewed: 0.5, likelyCanceled: 0.2 });
    for (const [probability, verdict] of [
      [0.1999, "LIKELY_CANCELED"],
      [0.2, "AT_RISK"],
      [0.4999, "AT_RISK"],
      [0.5, "LIKELY_RENEWED"],
    ] as const) {
      expect(verdictOf(probability, committed.thresholds), `p = ${probability}`).toBe(verdict);
    }
  });

  it("calls a special or a limited series complete as made, so it gets no probability to judge", () => {
    expect([isCompleteAsMade("SPECIAL"), isCompleteAsMade("LIMITED_SERIES"), isCompleteAsMade("SERIES")]).toEqual([true, true, false]);
  });
});
