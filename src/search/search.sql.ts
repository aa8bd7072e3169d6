import { Prisma } from "../db/prisma.js";
import { SearchType } from "./search.types.js";

// The documents searched. Each expression is exactly the one indexed in the
// 20261201120000_search_folds_accents migration: change both together or the indexes go unused.
// greenlight_english and greenlight_simple are PostgreSQL's english and simple with accents folded.
const showDocument = Prisma.sql`(setweight(to_tsvector('greenlight_english', s."title"), 'A') ||
  setweight(to_tsvector('greenlight_english', coalesce(s."synopsis", '')), 'B'))`;
const personDocument = Prisma.sql`(setweight(to_tsvector('greenlight_simple', p."name"), 'A') ||
  setweight(to_tsvector('greenlight_english', coalesce(p."bio", '')), 'C'))`;
const articleDocument = Prisma.sql`(setweight(to_tsvector('greenlight_english', a."title"), 'A') ||
  setweight(to_tsvector('greenlight_english', coalesce(a."summary", '')), 'B') ||
  setweight(to_tsvector('greenlight_english', a."body"), 'C'))`;

/**
 * Marks matches with control characters, so the snippet can be HTML-escaped safely afterwards. Stored
 * text may hold these characters too (nothing refuses them): `headlineText` removes them from the text
 * before it is highlighted, so every marker in a snippet is one ts_headline put there.
 */
export const MATCH_START = "\u0001";
export const MATCH_END = "\u0002";
const headlineOptions = `StartSel=${MATCH_START}, StopSel=${MATCH_END}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;

/** The text to highlight without the marker characters (translate() deletes characters that have no replacement). */
function headlineText(text: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`translate(${text}, ${MATCH_START + MATCH_END}, '')`;
}

export interface SearchCursor {
  rank: number;
  type: string;
  id: number;
}

export interface HitRow {
  type: SearchType;
  id: number;
  rank: number;
  highlight: string;
}

/**
 * The words of the query in both configurations, accents folded: English (stemmed) for prose, "simple" for names.
 * websearch_to_tsquery accepts any text without syntax errors.
 */
function queries(text: string) {
  return Prisma.sql`q AS (SELECT websearch_to_tsquery('greenlight_english', ${text}) AS english,
    websearch_to_tsquery('greenlight_simple', ${text}) || websearch_to_tsquery('greenlight_english', ${text}) AS names)`;
}

/**
 * Every matching row as (type, id, rank); drafts are never documents. Ranks are divided by
 * 1 + log(document length) (normalization 1), so a long article that repeats a title does not
 * outrank the show itself.
 */
function matches(types: readonly SearchType[]) {
  const parts: Prisma.Sql[] = [];
  if (types.includes(SearchType.SHOW)) {
    parts.push(Prisma.sql`SELECT 'SHOW' AS type, s."id", ts_rank(${showDocument}, q.english, 1)::real AS rank
      FROM "Show" s, q WHERE ${showDocument} @@ q.english`);
  }
  if (types.includes(SearchType.PERSON)) {
    parts.push(Prisma.sql`SELECT 'PERSON' AS type, p."id", ts_rank(${personDocument}, q.names, 1)::real AS rank
      FROM "Person" p, q WHERE ${personDocument} @@ q.names`);
  }
  if (types.includes(SearchType.ARTICLE)) {
    parts.push(Prisma.sql`SELECT 'ARTICLE' AS type, a."id", ts_rank(${articleDocument}, q.english, 1)::real AS rank
      FROM "Article" a, q WHERE a."status" = 'PUBLISHED' AND ${articleDocument} @@ q.english`);
  }
  return Prisma.join(parts, " UNION ALL ");
}

/** One page of hits, best first, with highlighted snippets computed for that page only. */
export function searchPageSql(text: string, types: readonly SearchType[], limit: number, cursor: SearchCursor | null, backward = false): Prisma.Sql {
  // Reading backward (`last`/`before`) takes the hits just before the cursor, nearest first; the
  // outer ORDER BY puts every page best first again.
  const keyset = !cursor
    ? Prisma.empty
    : backward
      ? Prisma.sql`WHERE rank > ${cursor.rank}::real OR (rank = ${cursor.rank}::real AND (type < ${cursor.type} OR (type = ${cursor.type} AND "id" < ${cursor.id})))`
      : Prisma.sql`WHERE rank < ${cursor.rank}::real OR (rank = ${cursor.rank}::real AND (type > ${cursor.type} OR (type = ${cursor.type} AND "id" > ${cursor.id})))`;
  const order = backward ? Prisma.sql`ORDER BY rank ASC, type DESC, "id" DESC` : Prisma.sql`ORDER BY rank DESC, type, "id"`;
  return Prisma.sql`WITH ${queries(text)},
    hits AS (SELECT * FROM (${matches(types)}) AS m ${keyset} ${order} LIMIT ${limit})
    SELECT h.type, h."id", h.rank,
      CASE h.type
        WHEN 'SHOW' THEN (SELECT ts_headline('greenlight_english', ${headlineText(Prisma.sql`s."title" || coalesce(': ' || s."synopsis", '')`)}, q.english, ${headlineOptions})
          FROM "Show" s WHERE s."id" = h."id")
        WHEN 'PERSON' THEN (SELECT ts_headline('greenlight_simple', ${headlineText(Prisma.sql`p."name" || coalesce(': ' || p."bio", '')`)}, q.names, ${headlineOptions})
          FROM "Person" p WHERE p."id" = h."id")
        ELSE (SELECT ts_headline('greenlight_english',
          ${headlineText(Prisma.sql`a."title" || ': ' || regexp_replace(coalesce(a."summary" || ' ', '') || a."body", '[*_#>\`\\[\\]]+', '', 'g')`)},
          q.english, ${headlineOptions}) FROM "Article" a WHERE a."id" = h."id")
      END AS highlight
    FROM hits h, q
    ORDER BY h.rank DESC, h.type, h."id"`;
}

export function searchCountSql(text: string, types: readonly SearchType[]): Prisma.Sql {
  return Prisma.sql`WITH ${queries(text)} SELECT count(*)::int AS count FROM (${matches(types)}) AS m`;
}
