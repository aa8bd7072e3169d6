// The renewal model's pure parts, tested directly (no server needed): labels, features, metrics, the fit.
import { describe, expect, it } from "vitest";
import { FEATURE_NAMES, featuresOf, metadataFeaturesOf, type FeatureVector } from "../src/charts/outlook/features.js";
import type { HistoryRow, ShowMetadata } from "../src/charts/outlook/history.js";
import { labelSeasons } from "../src/charts/outlook/labels.js";
import { bootstrapAucInterval, brierScore, calibrationTable, rocAuc } from "../src/charts/outlook/metrics.js";
import { contributionsOf, fitLogistic, predict, standardized } from "../src/charts/outlook/model.js";
import { reasonsOf } from "../src/charts/outlook/reasons.js";

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
    expect(labels.get("Kept 1")).toMatchObject({ renewed: true, source: "DATA", excluded: null });
    expect(labels.get("Dropped 1")).toMatchObject({ renewed: false, source: "DATA", excluded: null });
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
