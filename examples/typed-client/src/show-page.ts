import { execute, type ClientOptions } from "./client.js";
import { graphql } from "./gql/index.js";
import type { ShowPageQuery } from "./gql/graphql.js";

export const ShowPage = graphql(`
  query ShowPage($slug: String!) {
    show(slug: $slug) {
      title
      status
      seasons {
        number
        chartRun {
          peakRank
          weeksInTop10
        }
      }
      productionCompanies {
        name
      }
      articles(first: 3) {
        totalCount
        nodes {
          title
          publishedAt
        }
      }
    }
  }
`);

export type ShowPageShow = NonNullable<ShowPageQuery["show"]>;

/** A plain-text summary of a show, from the query's typed result. */
export function describeShow(show: ShowPageShow): string {
  const seasons = show.seasons.map((season) =>
    season.chartRun
      ? `Season ${season.number}: peaked at No. ${season.chartRun.peakRank}, ${season.chartRun.weeksInTop10} weeks in the Top 10`
      : `Season ${season.number}: never in the Top 10`,
  );
  const companies = show.productionCompanies.map((company) => company.name).join(", ") || "unknown";
  const latest = show.articles.nodes[0];
  const coverage = latest ? `Latest of ${show.articles.totalCount} articles: ${latest.title}` : "No articles yet";
  return [`${show.title} (${show.status.toLowerCase()})`, ...seasons, `Produced by ${companies}`, coverage].join("\n");
}

/** The show's summary, or null for an unknown slug. */
export async function showPage(slug: string, options?: ClientOptions): Promise<string | null> {
  const data = await execute(ShowPage, { slug }, options);
  return data.show ? describeShow(data.show) : null;
}
