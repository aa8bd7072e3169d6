// The outlook's former points rule, kept only as a baseline for the backtest (backtest.ts): the model replaced
// it in serving because it had no measured skill (issue #16). Pure: no database, no GraphQL.
import type { ChartRunFigures } from "../figures.js";

export type Outlook = "LIKELY_RENEWED" | "AT_RISK" | "LIKELY_CANCELED" | "TOO_EARLY";
export type Effect = "POSITIVE" | "NEGATIVE" | "NEUTRAL";

/** The signals the rule knows; the API serves them as the OutlookReasonCode enum. */
export const OUTLOOK_REASON_CODES = [
  "NO_CHART_DATA",
  "FIRST_MONTH_NOT_OVER",
  "SHORT_RUN",
  "LONG_RUN",
  "REACHED_NUMBER_ONE",
  "FIRST_MONTH_DROP_OVER_50",
  "GREW_IN_WEEK_2",
  "ABOVE_PEERS",
  "BELOW_PEERS",
  "AMONG_PEERS",
] as const;
export type OutlookReasonCode = (typeof OUTLOOK_REASON_CODES)[number];

export interface OutlookReason {
  code: OutlookReasonCode;
  effect: Effect;
  weight: number;
  explanation: string;
}

export interface OutlookAssessment {
  outlook: Outlook;
  score: number;
  reasons: OutlookReason[];
}

const DAY_MS = 86_400_000;
const formatHours = (hours: number) => `${(hours / 1_000_000).toFixed(2)} million`;

/**
 * `peers` are the first-28-day figures (views where the season's runtime is known, else hours)
 * of the other seasons that entered the same list within six months either side; `asOf` is the
 * newest week in the data. Each signal adds or takes points; the sum decides:
 * ≥ 2 LIKELY_RENEWED, ≤ −2 LIKELY_CANCELED, otherwise AT_RISK; TOO_EARLY while the first 28 days
 * are not over or the season never charted.
 */
export function assessOutlook(run: ChartRunFigures | null, first28: number | null, peers: readonly number[], asOf: Date): OutlookAssessment {
  if (!run) {
    return { outlook: "TOO_EARLY", score: 0, reasons: [reason("NO_CHART_DATA", 0, "The season has no weeks in the global Top 10 on record.")] };
  }
  const firstWeekStart = run.firstWeek.getTime() - 6 * DAY_MS;
  if (asOf.getTime() < firstWeekStart + 27 * DAY_MS) {
    return {
      outlook: "TOO_EARLY",
      score: 0,
      reasons: [reason("FIRST_MONTH_NOT_OVER", 0, "Its first 28 days are not over yet; Netflix judges shows on them.")],
    };
  }
  const reasons: OutlookReason[] = [];
  const drop = run.largestDrop;
  if (run.firstMonthDropOver50Percent && drop) {
    const week = run.weeks.findIndex((w) => w.weekEnd.getTime() === drop.weekEnd.getTime()) + 1;
    reasons.push(
      reason(
        "FIRST_MONTH_DROP_OVER_50",
        -2,
        `Hours fell ${Math.round(-drop.percent)}% in week ${week}, more than 50% within the first month, a common sign of cancellation.`,
      ),
    );
  }
  if (run.weeksInTop10 <= 3) {
    reasons.push(reason("SHORT_RUN", -1, `Only ${run.weeksInTop10} week${run.weeksInTop10 === 1 ? "" : "s"} in the Top 10.`));
  } else if (run.weeksInTop10 >= 6) {
    reasons.push(reason("LONG_RUN", 2, `${run.weeksInTop10} weeks in the Top 10, a long run.`));
  }
  if (run.peakRank === 1) reasons.push(reason("REACHED_NUMBER_ONE", 1, "It reached No. 1 in its list."));
  const secondWeek = run.weeks[1];
  if (secondWeek?.hoursChangePercent != null && secondWeek.hoursChangePercent > 0) {
    reasons.push(reason("GREW_IN_WEEK_2", 1, `Hours grew ${Math.round(secondWeek.hoursChangePercent)}% in its second week.`));
  }
  if (first28 !== null && peers.length >= 5) {
    const below = peers.filter((value) => value < first28).length;
    const percentile = below / peers.length;
    const share = `${Math.round(percentile * 100)}% of ${peers.length} titles that entered the same list within six months`;
    if (percentile >= 0.75) {
      reasons.push(reason("ABOVE_PEERS", 2, `Its first 28 days (${formatHours(first28)}) beat ${share}.`));
    } else if (percentile <= 0.25) {
      reasons.push(reason("BELOW_PEERS", -1, `Its first 28 days (${formatHours(first28)}) beat only ${share}.`));
    } else {
      reasons.push(reason("AMONG_PEERS", 0, `Its first 28 days (${formatHours(first28)}) beat ${share}: middling.`));
    }
  }
  const score = reasons.reduce((total, r) => total + r.weight, 0);
  const outlook: Outlook = score >= 2 ? "LIKELY_RENEWED" : score <= -2 ? "LIKELY_CANCELED" : "AT_RISK";
  return { outlook, score, reasons };
}

function reason(code: OutlookReasonCode, weight: number, explanation: string): OutlookReason {
  return { code, weight, effect: weight > 0 ? "POSITIVE" : weight < 0 ? "NEGATIVE" : "NEUTRAL", explanation };
}

/** Whether an outlook agreed with what actually happened (AT_RISK and TOO_EARLY make no call). */
export function outlookAgrees(outlook: Outlook, status: string): boolean | null {
  if (outlook === "LIKELY_RENEWED") return status === "RENEWED";
  if (outlook === "LIKELY_CANCELED") return status === "CANCELED" || status === "ENDED";
  return null;
}

