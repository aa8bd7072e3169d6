// The benchmark's GraphQL workloads, one copy: bench/run.mjs sends them and tests/compiled-reads.test.ts checks
// that both read paths answer them alike (and that each compiles to one statement).
export const QUERIES = {
  Q1: `query Q1($first: Int!, $status: [RenewalStatus!], $orderBy: [ShowOrder!]) {
    shows(first: $first, where: {status: $status}, orderBy: $orderBy) { nodes { id slug title status kind premiereDate } } }`,
  Q2: `query Q2($first: Int!, $after: String, $status: [RenewalStatus!]) {
    shows(first: $first, after: $after, where: {status: $status}) {
      pageInfo { hasNextPage }
      nodes { id slug title status premiereDate
        creators { name }
        productionCompanies { name showCount }
        chartEntries(last: 5) { nodes { weekEnd rank hoursViewed } }
        articles(first: 1) { nodes { title publishedAt } } } } }`,
  Q4: `query Q4($slug: String!) { show(slug: $slug) { id title status premiereDate synopsis genres
    seasons { number releaseDate chartRun { peakRank weeksInTop10 } }
    credits(first: 20) { nodes { role characterName person { name slug } } }
    ratings { source score }
    articles(first: 5) { nodes { title slug publishedAt } } } }`,
  M1: `mutation M1($input: UpdateArticleInput!) { updateArticle(input: $input) { id version } }`,
};
