// The text of a data-backed renewal article. Pure: every figure comes in through `RenewalFacts`.
import type { ChartRunFigures } from "./figures.js";
import type { OutlookResult } from "./outlook.service.js";

export interface RenewalFacts {
  show: { title: string; status: string; statusAnnouncedAt: Date | null };
  seasonInQuestion: number;
  dataSeason: number | null;
  run: ChartRunFigures | null;
  ranks: Map<number, { rank: number; cumulativeWeeks: number }>;
  outlook: OutlookResult | null;
  ratings: { source: string; score: number | null; scaleMax: number; voteCount: number | null }[];
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
const percent = (value: number | null) => (value === null ? "–" : `${value > 0 ? "+" : ""}${Math.round(value)}%`);

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

  if (run) {
    parts.push(`## How did season ${facts.dataSeason} do in the Top 10?`);
    const rows = run.weeks.map((week) => {
      const rank = facts.ranks.get(week.weekEnd.getTime());
      return `| ${day(week.weekEnd)} | ${week.hoursViewed === null ? "–" : number(week.hoursViewed)} | ${percent(week.hoursChangePercent)} | ${rank?.rank ?? "–"} | ${rank?.cumulativeWeeks ?? "–"} |`;
    });
    parts.push(["| Week ending | Hours viewed | Change | Rank | Week in list |", "|---|---|---|---|---|", ...rows].join("\n"));
    parts.push(
      `In total: ${run.totalHours === null ? "unknown" : number(run.totalHours)} hours over ${run.weeksInTop10} ` +
        `week${run.weeksInTop10 === 1 ? "" : "s"}, peaking at No. ${run.peakRank}.`,
    );
  } else {
    parts.push("It has no weeks in Netflix's global Top 10 on record.");
  }

  if (facts.outlook) {
    const verdict = facts.outlook.verdict.replaceAll("_", " ").toLowerCase();
    const probability = facts.outlook.probability === null ? "" : ` (the model gives ${Math.round(facts.outlook.probability * 100)}%)`;
    parts.push(`## What the numbers suggest: ${verdict}${probability}`);
    parts.push(facts.outlook.reasons.map((reason) => `- ${reason.explanation}`).join("\n"));
  }

  if (facts.ratings.length > 0) {
    parts.push("## What did critics and audiences say?");
    parts.push(
      facts.ratings
        .map((rating) => {
          const name = SOURCE_NAMES[rating.source] ?? rating.source;
          if (rating.score === null) return `- ${name}: no score (not enough reviews).`;
          const votes = rating.voteCount ? ` from ${number(rating.voteCount)} votes` : "";
          return `- ${name}: ${rating.score}${rating.scaleMax === 100 ? "%" : `/${rating.scaleMax}`}${votes}.`;
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
  return parts.join("\n\n");
}

function joinNames(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}
