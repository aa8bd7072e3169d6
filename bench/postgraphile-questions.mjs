// Q2 and Q4 in PostGraphile's own schema (amber preset, connection-filter, bench/postgraphile.sql's
// computed columns), and its answers reshaped into Greenlight's, so they can be checked against the ceiling.

export const POSTGRAPHILE_QUERIES = {
  Q2: `query Q2($first: Int!, $filter: ShowFilter) {
    allShows(first: $first, filter: $filter, orderBy: [TITLE_ASC, ROW_ID_ASC]) {
      pageInfo { hasNextPage }
      nodes { rowId slug title status premiereDate
        creditsByShowId(condition: {role: CREATOR}, orderBy: [POSITION_ASC, ROW_ID_ASC]) { nodes { personByPersonId { name } } }
        productionCompanies { nodes { name showCount } }
        chartEntriesByShowId(last: 5, orderBy: [WEEK_END_ASC, CATEGORY_ASC, REGION_ASC, RANK_ASC, ROW_ID_ASC]) { nodes { weekEnd rank hoursViewed } }
        publishedArticles(first: 1) { nodes { title publishedAt } } } } }`,
  Q4: `query Q4($slug: String!) { allShows(condition: {slug: $slug}, first: 1) { nodes { rowId title status premiereDate synopsis genres
    seasonsByShowId(orderBy: NUMBER_ASC) { nodes { number releaseDate chartRun { peakRank weeksInTop10 } } }
    creditsByShowId(first: 20, orderBy: [ROLE_ASC, POSITION_ASC, ROW_ID_ASC]) { nodes { role characterName personByPersonId { name slug } } }
    ratingsByShowId(orderBy: [SOURCE_ASC, AS_OF_DESC]) { nodes { source score } }
    publishedArticles(first: 5) { nodes { title slug publishedAt } } } } }`,
};

/** Greenlight's variables for Q2 (a status list) as PostGraphile's filter. */
export function postgraphileVariables(workload, variables) {
  if (workload !== "Q2") return variables;
  const { status, ...rest } = variables;
  // No filter at all for "every status": connection-filter refuses a null filter.
  return status ? { ...rest, filter: { status: { in: status } } } : rest;
}

const globalId = (type, rowId) => Buffer.from(`${type}:${rowId}`).toString("base64url");
// PostGraphile prints `timestamp without time zone` without a zone; Greenlight's instants are UTC.
const instant = (value) => (value === null ? null : new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`).toISOString());

function q2(data) {
  const shows = data.allShows;
  return {
    shows: {
      pageInfo: { hasNextPage: shows.pageInfo.hasNextPage },
      nodes: shows.nodes.map((show) => ({
        id: globalId("Show", show.rowId),
        slug: show.slug,
        title: show.title,
        status: show.status,
        premiereDate: show.premiereDate,
        creators: show.creditsByShowId.nodes.map((credit) => ({ name: credit.personByPersonId.name })),
        productionCompanies: show.productionCompanies.nodes.map(({ name, showCount }) => ({ name, showCount })),
        chartEntries: { nodes: show.chartEntriesByShowId.nodes.map(({ weekEnd, rank, hoursViewed }) => ({ weekEnd, rank, hoursViewed })) },
        articles: { nodes: show.publishedArticles.nodes.map(({ title, publishedAt }) => ({ title, publishedAt: instant(publishedAt) })) },
      })),
    },
  };
}

function q4(data) {
  const show = data.allShows.nodes[0];
  if (!show) return { show: null };
  return {
    show: {
      id: globalId("Show", show.rowId),
      title: show.title,
      status: show.status,
      premiereDate: show.premiereDate,
      synopsis: show.synopsis,
      genres: show.genres,
      seasons: show.seasonsByShowId.nodes.map(({ number, releaseDate, chartRun }) => ({
        number,
        releaseDate,
        chartRun: chartRun && chartRun.weeksInTop10 !== null ? chartRun : null,
      })),
      credits: {
        nodes: show.creditsByShowId.nodes.map(({ role, characterName, personByPersonId }) => ({
          role,
          characterName,
          person: { name: personByPersonId.name, slug: personByPersonId.slug },
        })),
      },
      ratings: show.ratingsByShowId.nodes.map(({ source, score }) => ({ source, score: score === null ? null : Number(score) })),
      articles: { nodes: show.publishedArticles.nodes.map(({ title, slug, publishedAt }) => ({ title, slug, publishedAt: instant(publishedAt) })) },
    },
  };
}

/** PostGraphile's answer in Greenlight's shape (errors pass through, so a failed answer never matches). */
export function reshapePostgraphile(workload, body) {
  if (!body.data || body.errors) return body;
  return { data: workload === "Q2" ? q2(body.data) : q4(body.data) };
}
