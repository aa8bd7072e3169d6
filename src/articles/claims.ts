import { GraphQLError } from "graphql";
import { ErrorCode } from "../common/errors.js";
import type { RenewalStatus } from "../db/generated/enums.js";
import { standingFor, type DerivedStatus } from "../shows/status-facts.js";
import type { ArticleContent, Tx } from "./content.js";

/** A chart figure an article quotes (the draft generator records those it used), as it stood when written. */
export interface QuotedFigure {
  seasonId: number;
  category: string;
  region: string;
  /** Sunday ending the week, YYYY-MM-DD. */
  weekEnd: string;
  /** `views`: Netflix's own published views (views computed from hours follow the hours claim). */
  field: "hoursViewed" | "rank" | "views";
  value: number | null;
}

/** A rating an article quotes, as it stood when written. */
export interface QuotedRating {
  ratingId: number;
  /** RatingSource: IMDB, ROTTEN_TOMATOES_CRITICS ... */
  source: string;
  /** YYYY-MM-DD, the date the score was read. */
  asOf: string;
  score: number | null;
  voteCount: number | null;
}

const FIGURE_NAMES: Record<QuotedFigure["field"], string> = { hoursViewed: "hours viewed", rank: "rank", views: "views" };

/**
 * What an article's content claims that the database can check again before it goes live: the standing
 * status its verdict was written against (so a fact recorded meanwhile is noticed) and the figures it quotes.
 */
export interface ArticleClaims {
  verdictBasis?: { factId: number | null; status: RenewalStatus };
  figures?: QuotedFigure[];
  ratings?: QuotedRating[];
}

/** What a writer of the content says it quotes (the draft generator's figures and ratings); kept across edits. */
export type QuotedData = Pick<ArticleClaims, "figures" | "ratings">;

/** A claim that no longer holds, old value → current value. */
export interface StaleClaim {
  claim: string;
  articleSays: string;
  current: string;
}

/** The standing status for a claim's "current" side: "RENEWED (announced 2026-11-28)". */
export function describeStanding(standing: DerivedStatus): string {
  if (standing.factId === null) return "PENDING (no standing announcement)";
  return `${standing.status} (${standing.announcedAt ? `announced ${standing.announcedAt.toISOString().slice(0, 10)}` : "announcement date not known"})`;
}

/** The claims of content about to be saved: the verdict's basis now, and the figures and ratings the caller quotes. */
export async function claimsOf(tx: Tx, content: ArticleContent, quoted: QuotedData | null = null): Promise<ArticleClaims | null> {
  const claims: ArticleClaims = {};
  if (content.renewalShowId && content.verdict) {
    const standing = await standingFor(tx, content.renewalShowId, content.seasonNumber);
    claims.verdictBasis = { factId: standing.factId, status: standing.status };
  }
  if (quoted?.figures?.length) claims.figures = quoted.figures;
  if (quoted?.ratings?.length) claims.ratings = quoted.ratings;
  return Object.keys(claims).length ? claims : null;
}

/**
 * The claims of the content that no longer hold: the verdict when a fact about its season was recorded or
 * retracted since it was written and now says otherwise, and each quoted figure Netflix has since revised.
 */
export async function staleClaims(tx: Tx, content: ArticleContent): Promise<StaleClaim[]> {
  const claims = content.claims ?? {};
  const stale: StaleClaim[] = [];
  if (content.renewalShowId && content.verdict && claims.verdictBasis) {
    const standing = await standingFor(tx, content.renewalShowId, content.seasonNumber);
    if (standing.factId !== claims.verdictBasis.factId && standing.status !== content.verdict) {
      stale.push({
        claim: `verdict for season ${content.seasonNumber}`,
        articleSays: content.verdict,
        current: describeStanding(standing),
      });
    }
  }
  const quotedRows = await quotedChartRows(tx, claims.figures ?? []);
  for (const figure of claims.figures ?? []) {
    const entry = quotedRows.get(rowKeyOf(figure));
    const current = entry ? entry[figure.field] : null;
    if (current !== figure.value) {
      stale.push({
        claim: `${FIGURE_NAMES[figure.field]} in the week ending ${figure.weekEnd}`,
        articleSays: figure.value === null ? "none" : figure.value.toLocaleString("en-US"),
        current: current === null ? "no longer in the chart data" : current.toLocaleString("en-US"),
      });
    }
  }
  stale.push(...(await staleRatings(tx, claims.ratings ?? [])));
  return stale;
}

const rowKeyOf = (row: { seasonId: number | null; category: string; region: string; weekEnd: string }) =>
  `${row.seasonId} ${row.category} ${row.region} ${row.weekEnd}`;

/** The chart rows the figures quote, as they stand now, in one statement (a draft quotes three figures a week). */
async function quotedChartRows(tx: Tx, figures: QuotedFigure[]) {
  const rows = new Map<string, { hoursViewed: number | null; rank: number; views: number | null }>();
  if (figures.length === 0) return rows;
  const weeks = [...new Map(figures.map((figure) => [rowKeyOf(figure), figure])).values()];
  const found = await tx.chartEntry.findMany({
    where: {
      OR: weeks.map((figure) => ({
        seasonId: figure.seasonId,
        category: figure.category as never,
        region: figure.region,
        weekEnd: new Date(`${figure.weekEnd}T00:00:00Z`),
      })),
    },
    select: { seasonId: true, category: true, region: true, weekEnd: true, hoursViewed: true, rank: true, views: true },
    orderBy: { id: "asc" },
  });
  for (const row of found) {
    const key = rowKeyOf({ ...row, weekEnd: row.weekEnd.toISOString().slice(0, 10) });
    if (!rows.has(key)) rows.set(key, row);
  }
  return rows;
}

/**
 * Each quoted rating that no longer stands: a newer reading of the same source (for the same show and season)
 * says otherwise, or the reading was removed. Two statements however many are quoted.
 */
async function staleRatings(tx: Tx, quoted: QuotedRating[]): Promise<StaleClaim[]> {
  if (quoted.length === 0) return [];
  const quotedRows = await tx.rating.findMany({ where: { id: { in: quoted.map((rating) => rating.ratingId) } }, select: { id: true, showId: true, seasonId: true, source: true } });
  const readings = quotedRows.length
    ? await tx.rating.findMany({
        where: { OR: quotedRows.map(({ showId, seasonId, source }) => ({ showId, seasonId, source })) },
        orderBy: [{ asOf: "desc" }, { id: "desc" }],
        select: { showId: true, seasonId: true, source: true, score: true, voteCount: true, asOf: true },
      })
    : [];
  const describe = (score: number | null, voteCount: number | null) =>
    `${score === null ? "no score" : score.toLocaleString("en-US")}${voteCount === null ? "" : ` from ${voteCount.toLocaleString("en-US")} votes`}`;
  return quoted.flatMap((rating) => {
    const row = quotedRows.find((candidate) => candidate.id === rating.ratingId);
    const newest = row && readings.find((reading) => reading.showId === row.showId && reading.seasonId === row.seasonId && reading.source === row.source)!;
    const score = newest?.score == null ? null : newest.score.toNumber();
    if (newest && score === rating.score && newest.voteCount === rating.voteCount) return [];
    return [
      {
        claim: `${rating.source} rating as of ${rating.asOf}`,
        articleSays: describe(rating.score, rating.voteCount),
        current: newest ? `${describe(score, newest.voteCount)} (as of ${newest.asOf.toISOString().slice(0, 10)})` : "no longer on record",
      },
    ];
  });
}

export function describeStaleClaims(claims: StaleClaim[]): string {
  return claims.map((claim) => `${claim.claim}: ${claim.articleSays} → ${claim.current}`).join("; ");
}

export function staleFactsError(claims: StaleClaim[]): GraphQLError {
  return new GraphQLError(
    `The article's facts changed since it was written (${describeStaleClaims(claims)}). Update it, or publish with overrideStaleFacts: true.`,
    { extensions: { code: ErrorCode.StaleFacts, claims } },
  );
}
