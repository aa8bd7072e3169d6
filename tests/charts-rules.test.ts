// The pure rules behind the chart figures, tested directly (no server needed).
import { describe, expect, it } from "vitest";
import { chartRunOf } from "../src/charts/figures.js";
import { describeRatio } from "../src/charts/outlook-text.js";
import { assessOutlook, outlookAgrees } from "../src/charts/outlook/points-rule.js";
import { matchKey, seasonNumberOf } from "../src/charts/import/titles.js";

const week = (end: string, rank: number, hours: number | null) => {
  const weekEnd = new Date(`${end}T00:00:00Z`);
  return { weekEnd, weekStart: new Date(weekEnd.getTime() - 6 * 86_400_000), rank, hoursViewed: hours, runtimeHours: null };
};

describe("season titles", () => {
  it.each([
    ["The Imperfects", "The Imperfects: Season 1", 1],
    ["Stranger Things", "Stranger Things 4", 4],
    ["Devil in Ohio", "Devil in Ohio: Limited Series", 1],
    ["Love Is Blind", "Love Is Blind: S2: Chicago", 2],
    ["Lupin", "Lupin: Part 2", 2],
    ["Love, Death & Robots", "Love, Death & Robots: Volume 3", 3],
    ["Idol I", "Idol I: 시즌 1", 1],
    ["DAHMER", "DAHMER: Monster: The Jeffrey Dahmer Story", null],
    ["Enola Holmes 2", null, null],
  ])("%s / %s → season %s", (show, season, expected) => {
    expect(seasonNumberOf(show, season)).toBe(expected);
  });

  it("matches titles regardless of case, accents and punctuation, but keeps films and series apart", () => {
    expect(matchKey("The I-Land", "tv")).toBe(matchKey("the i land", "tv"));
    expect(matchKey("Pokémon", "tv")).toBe(matchKey("POKEMON", "tv"));
    expect(matchKey("Love, Death & Robots", "tv")).toBe(matchKey("Love Death and Robots", "tv"));
    expect(matchKey("Persuasion", "film")).not.toBe(matchKey("Persuasion", "tv"));
  });
});

describe("chart runs and the former outlook rule (a backtest baseline now)", () => {
  const imperfects = chartRunOf([week("2022-09-11", 3, 24_070_000), week("2022-09-18", 4, 35_020_000), week("2022-09-25", 9, 12_760_000)])!;
  const asOf = new Date("2022-11-13T00:00:00Z");

  it("computes The Imperfects' run", () => {
    expect(imperfects).toMatchObject({ weeksInTop10: 3, peakRank: 3, totalHours: 71_850_000, firstMonthDropOver50Percent: true });
    expect(imperfects.weeks.map((w) => w.hoursChangePercent)).toEqual([null, 45.49, -63.56]);
  });

  it("a gap in the run is not a week-over-week change", () => {
    const gapped = chartRunOf([week("2022-01-02", 5, 10), week("2022-01-16", 6, 5)])!;
    expect(gapped.weeks[1]!.hoursChangePercent).toBeNull();
  });

  it("a big first-month drop and a short run read as likely canceled", () => {
    const assessment = assessOutlook(imperfects, 71_850_000, [], asOf);
    expect(assessment.outlook).toBe("LIKELY_CANCELED");
    expect(assessment.reasons.map((r) => r.code)).toEqual(["FIRST_MONTH_DROP_OVER_50", "SHORT_RUN", "GREW_IN_WEEK_2"]);
  });

  it("a long run at No. 1 that beats its peers reads as likely renewed", () => {
    const hit = chartRunOf(
      Array.from({ length: 8 }, (_, i) => week(new Date(Date.UTC(2022, 0, 2 + 7 * i)).toISOString().slice(0, 10), i === 0 ? 1 : 2, 100 - i * 5)),
    )!;
    const assessment = assessOutlook(hit, 400, [10, 20, 30, 40, 50, 60], asOf);
    expect(assessment.outlook).toBe("LIKELY_RENEWED");
    expect(assessment.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(["LONG_RUN", "REACHED_NUMBER_ONE", "ABOVE_PEERS"]));
  });

  it("is TOO_EARLY within the first 28 days or without data", () => {
    expect(assessOutlook(imperfects, null, [], new Date("2022-09-20T00:00:00Z")).outlook).toBe("TOO_EARLY");
    expect(assessOutlook(null, null, [], asOf).reasons[0]!.code).toBe("NO_CHART_DATA");
  });

  it("backtest agreement and ratio wording", () => {
    expect(outlookAgrees("LIKELY_CANCELED", "ENDED")).toBe(true);
    expect(outlookAgrees("LIKELY_RENEWED", "CANCELED")).toBe(false);
    expect(outlookAgrees("AT_RISK", "CANCELED")).toBeNull();
    expect(describeRatio(1 / 3)).toBe("a third of");
    expect(describeRatio(0.31)).toBe("about a third of");
    expect(describeRatio(2.02)).toBe("twice");
    expect(describeRatio(9.6)).toBe("10 times");
  });
});
