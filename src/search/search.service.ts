import { ArticleService } from "../articles/article.service.js";
import type { Article } from "../articles/article.types.js";
import { encodeCursor, pageRequest, type Ordering } from "../common/connection.js";
import { badUserInput } from "../common/errors.js";
import { rawReads } from "../db/raw-reads.js";
import { RequestService, serviceFor } from "../common/service.js";
import { PeopleService } from "../people/people.service.js";
import type { Person } from "../people/person.types.js";
import { ShowService } from "../shows/show.service.js";
import type { Show } from "../shows/show.types.js";
import { MATCH_END, MATCH_START, searchCountSql, searchPageSql, type HitRow } from "./search.sql.js";
import { SearchType, type SearchArgs, type SearchConnection, type SearchEdge } from "./search.types.js";

/** Best first; ties broken by type and id so that every hit has one exact place. */
const relevance: Ordering<HitRow> = {
  name: "search",
  keys: [
    { field: "rank", direction: "desc", kind: "number", real: true, of: (hit) => hit.rank },
    { field: "type", direction: "asc", kind: "string", of: (hit) => hit.type },
    { field: "id", direction: "asc", kind: "number", of: (hit) => hit.id },
  ],
};

const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

/** ts_headline's snippet, made safe to put in a page: escaped text, matches in <mark>. */
function highlightHtml(snippet: string): string {
  return escapeHtml(snippet).replaceAll(MATCH_START, "<mark>").replaceAll(MATCH_END, "</mark>");
}

export class SearchService extends RequestService {
  async search(args: SearchArgs): Promise<SearchConnection> {
    const text = args.query.trim();
    if (!text) throw badUserInput("Give some words to search for.", "query");
    const types = args.types?.length ? [...new Set(args.types)] : Object.values(SearchType);
    const page = pageRequest({ first: args.first, after: args.after, last: args.last, before: args.before }, relevance);
    const cursor = page.cursor ? { rank: page.cursor[0] as number, type: page.cursor[1] as string, id: page.cursor[2] as number } : null;
    const rows = await rawReads(this.prisma).$queryRaw<HitRow[]>(searchPageSql(text, types, page.size + 1, cursor, page.backward));
    // Rows come best first either way; reading backward, the one extra row (if any) is the best one.
    const more = rows.length > page.size;
    const hits = page.backward ? rows.slice(more ? rows.length - page.size : 0) : rows.slice(0, page.size);
    const nodes = await Promise.all(hits.map((hit) => this.load(hit)));
    const edges: SearchEdge[] = [];
    hits.forEach((hit, index) => {
      const node = nodes[index];
      // A row can vanish (or be unpublished) between the two reads: it is simply not a hit then.
      if (node) edges.push({ cursor: encodeCursor(relevance, hit), node, type: hit.type, rank: hit.rank, highlight: highlightHtml(hit.highlight ?? "") });
    });
    let total: Promise<number> | undefined;
    const count = async () => (await rawReads(this.prisma).$queryRaw<{ count: number }[]>(searchCountSql(text, types)))[0]!.count;
    return {
      edges,
      nodes: edges.map((edge) => edge.node),
      pageInfo: {
        hasNextPage: page.backward ? page.cursor !== null : more,
        hasPreviousPage: page.backward ? more : page.cursor !== null,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
      get totalCount() {
        total ??= count();
        return total as unknown as number;
      },
    };
  }

  /** Through each domain's loaders, so nodes batch and articles pass the same visibility rule as everywhere else. */
  private load(hit: HitRow): Promise<Show | Person | Article | null> {
    switch (hit.type) {
      case SearchType.SHOW:
        return serviceFor(this.context, ShowService).findById(hit.id);
      case SearchType.PERSON:
        return serviceFor(this.context, PeopleService).findById(hit.id);
      default:
        return serviceFor(this.context, ArticleService).findById(hit.id);
    }
  }
}
