// The text of a data-backed renewal article, and the figures it quotes. Pure: every figure comes in through
// `RenewalFacts`, and the text and the claims are written from the same facts.
import type { QuotedData, QuotedFigure } from "../articles/claims.js";
import { GLOBAL_REGION } from "./chart.types.js";
import type { ChartRunFigures } from "./figures.js";
import type { OutlookResult } from "./outlook.service.js";
import { count, listName, quantity } from "./quantities.js";

/** The season's first run in one global list, week by week as stored. */
export interface RunWeekRow {
  weekEnd: Date;
  rank: number;
  cumulativeWeeksInTop10: number;
  hoursViewed: number | null;
  /** Netflix's own views, where published. */
  publishedViews: number | null;
}

export interface RenewalFacts {
  show: { title: string; status: string; statusAnnouncedAt: Date | null };
  seasonInQuestion: number;
  dataSeason: number;
  seasonId: number;
  /** The first run only (first-run.ts `firstRunOf`); null when the season has none. */
  run: (ChartRunFigures & { category: string; rows: RunWeekRow[]; weeksLeftOut: number }) | null;
  /** The newest import of a global Top 10 file: which file and when. Null when none is recorded (seed rows only). */
  chartFile: { file: string; importedAt: Date } | null;
  outlook: OutlookResult | null;
  /** The stored backtest's ranking accuracy (ROC AUC) and its test window, YYYY-MM-DD. */
  backtest: { auc: number; from: string; to: string };
  comparables: { showTitle: string; seasonNumber: number; list: string; firstWeek: Date; renewed: boolean }[];
  ratings: { id: number; source: string; score: number | null; scaleMax: number; voteCount: number | null; asOf: Date }[];
  creators: string[];
  companies: { name: string; otherTitles: string[] }[];
  sameDay: { title: string; status: string }[];
}

const STATUS_WORDS: Record<string, string> = {
  PENDING: "not yet decided",
  RENEWED: "renewed",
  CANCELED: "canceled",
  ENDED: "ended",
};
const SOURCE_NAMES: Record<string, string> = {
  IMDB: "IMDb",
  ROTTEN_TOMATOES_AUDIENCE: "Rotten Tomatoes (audience)",
  ROTTEN_TOMATOES_CRITICS: "Rotten Tomatoes (critics)",
  METACRITIC: "Metacritic",
};

const number = (value: number) => value.toLocaleString("en-US");
const day = (date: Date) => date.toISOString().slice(0, 10);
const month = (isoDay: string) => isoDay.slice(0, 7);
const percent = (value: number | null) => (value === null ? "–" : `${value > 0 ? "+" : ""}${Math.round(value)}%`);
const percentOf = (share: number) => `${Math.round(share * 100)}%`;

export function renewalTitle(showTitle: string, season: number): string {
  return `Has Netflix Renewed ${showTitle} for Season ${season}?`;
}

export function renewalArticleBody(facts: RenewalFacts): string {
  const { show, run } = facts;
  const parts: string[] = [];
  const status = STATUS_WORDS[show.status] ?? show.status.toLowerCase();
  parts.push(
    `**Official status: ${status}.**` +
      (show.statusAnnouncedAt ? ` (announced ${day(show.statusAnnouncedAt)})` : "") +
      ` This is what the data says about season ${facts.seasonInQuestion} of *${show.title}*.`,
  );

  if (run) parts.push(...chartParagraphs(facts, run));
  parts.push(...outlookParagraphs(facts));

  if (facts.ratings.length > 0) {
    parts.push("## What did critics and audiences say?");
    parts.push(
      facts.ratings
        .map((rating) => {
          const name = SOURCE_NAMES[rating.source] ?? rating.source;
          if (rating.score === null) return `- ${name}: no score (not enough reviews).`;
          const votes = rating.voteCount ? ` from ${count(rating.voteCount, "vote")}` : "";
          return `- ${name}: ${rating.score}${rating.scaleMax === 100 ? "%" : `/${rating.scaleMax}`}${votes} (as of ${day(rating.asOf)}).`;
        })
        .join("\n"),
    );
  }

  const people: string[] = [];
  if (facts.creators.length > 0) people.push(`*${show.title}* was created by ${joinNames(facts.creators)}.`);
  for (const company of facts.companies) {
    people.push(
      `It was produced by ${company.name}` +
        (company.otherTitles.length > 0 ? `, which also made ${joinNames(company.otherTitles.map((t) => `*${t}*`))}.` : "."),
    );
  }
  if (people.length > 0) parts.push(["## Who made it?", people.join(" ")].join("\n\n"));

  if (facts.sameDay.length > 0) {
    parts.push(
      `Also on ${show.statusAnnouncedAt ? day(show.statusAnnouncedAt) : "the same day"}: ` +
        facts.sameDay.map((other) => `*${other.title}* (${STATUS_WORDS[other.status] ?? other.status})`).join(", ") +
        ".",
    );
  }
  const sources = sourcesSentence(facts);
  if (sources) parts.push(sources);
  return parts.join("\n\n");
}

function chartParagraphs(facts: RenewalFacts, run: NonNullable<RenewalFacts["run"]>): string[] {
  const list = listName(run.category);
  const rows = run.weeks.map((week, index) => {
    const row = run.rows[index]!;
    return `| ${day(week.weekEnd)} | ${week.hoursViewed === null ? "–" : number(week.hoursViewed)} | ${percent(week.hoursChangePercent)} | ${row.rank} | ${row.cumulativeWeeksInTop10} |`;
  });
  const drew = [run.totalViews === null ? null : quantity(run.totalViews, "view"), run.totalHours === null ? null : quantity(run.totalHours, "hour")]
    .filter((figure) => figure !== null)
    .join(" and ");
  const paragraphs = [
    `## How did season ${facts.dataSeason} do in the Top 10?`,
    ["| Week ending | Hours viewed | Change | Rank | Week in list |", "|---|---|---|---|---|", ...rows].join("\n"),
    `In its first run, season ${facts.dataSeason} drew ${drew || "figures Netflix did not publish"} in ${list} over ` +
      `${count(run.weeksInTop10, "week")}, peaking at No. ${run.peakRank}.` +
      (run.weeksLeftOut > 0
        ? ` The ${count(run.weeksLeftOut, "week")} it charted again once season ${facts.dataSeason + 1} was out ${run.weeksLeftOut === 1 ? "is" : "are"} viewing of the library, not part of the run, and left out.`
        : ""),
  ];
  return paragraphs;
}

/** The model's chance with its backtest's accuracy, its reasons and the seasons most like this one; or why there is none. */
function outlookParagraphs({ outlook, backtest, comparables, dataSeason }: RenewalFacts): string[] {
  if (!outlook || outlook.verdict === "NO_CHART_DATA") return [];
  if (outlook.verdict === "TOO_EARLY") {
    return [
      `Season ${dataSeason} is still in its first 28 days, which end on ${day(outlook.decisionDate!)}: Netflix judges a season on them, ` +
        "so the model gives no chance of renewal before then.",
    ];
  }
  if (outlook.probability === null) return outlook.reasons.map((reason) => reason.explanation);
  const verdict = outlook.verdict.replaceAll("_", " ").toLowerCase();
  const paragraphs = [
    `## What the numbers suggest: ${verdict}`,
    `Our model, which ranked renewed above unrenewed seasons ${percentOf(backtest.auc)} of the time in a backtest on ` +
      `${month(backtest.from)} to ${month(backtest.to)} seasons, puts the chance of renewal at ${percentOf(outlook.probability)}.`,
    outlook.reasons.map((reason) => `- ${reason.explanation}`).join("\n"),
  ];
  if (comparables.length > 0) {
    paragraphs.push(
      "The seasons most like it in the model's terms: " +
        comparables
          .map((c) => `*${c.showTitle}* season ${c.seasonNumber} (${listName(c.list)}, first charted ${day(c.firstWeek)}: ${c.renewed ? "renewed" : "not renewed"})`)
          .join("; ") +
        ".",
    );
  }
  return paragraphs;
}

/** Where each figure comes from: the Top 10 file with the weeks the run covers, and each rating's source and date. */
function sourcesSentence({ run, chartFile, ratings }: RenewalFacts): string | null {
  const sources: string[] = [];
  if (run) {
    sources.push(
      `Netflix's global Top 10, ${listName(run.category)}, weeks ending ${day(run.firstWeek)} to ${day(run.lastWeek)}` +
        (chartFile ? `, from ${chartFile.file} as imported on ${day(chartFile.importedAt)}` : ""),
    );
  }
  for (const rating of ratings) sources.push(`${SOURCE_NAMES[rating.source] ?? rating.source} as of ${day(rating.asOf)}`);
  return sources.length > 0 ? `*Sources: ${sources.join("; ")}.*` : null;
}

/**
 * What the body quotes, so a publish after Netflix revises a figure or a rating is corrected is caught
 * (articles/claims.ts): each week's hours, rank and Netflix's views (the run's totals are their sums), and each rating.
 */
export function quotedDataOf(facts: RenewalFacts): QuotedData {
  const figures: QuotedFigure[] = (facts.run?.rows ?? []).flatMap((row) => {
    const where = { seasonId: facts.seasonId, category: facts.run!.category, region: GLOBAL_REGION, weekEnd: day(row.weekEnd) };
    return [
      { ...where, field: "hoursViewed" as const, value: row.hoursViewed },
      { ...where, field: "rank" as const, value: row.rank },
      ...(row.publishedViews === null ? [] : [{ ...where, field: "views" as const, value: row.publishedViews }]),
    ];
  });
  const ratings = facts.ratings.map((rating) => ({
    ratingId: rating.id,
    source: rating.source,
    asOf: day(rating.asOf),
    score: rating.score,
    voteCount: rating.voteCount,
  }));
  return { figures, ratings };
}

function joinNames(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}
