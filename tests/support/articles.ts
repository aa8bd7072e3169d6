import pg from "pg";
import { decodeId } from "./ids.js";
import { query } from "./graphql.js";

export const ARTICLE_FIELDS = `id slug title status version publishedAt publishAt body verdict seasonNumber`;

export async function showId(url: string, slug: string): Promise<string> {
  return (await query(url, `{ show(slug: "${slug}") { id } }`)).show.id;
}

export async function createArticle(
  url: string,
  headers: Record<string, string>,
  input: Record<string, unknown>,
): Promise<{ id: string; slug: string; version: number; status: string }> {
  const data = await query(
    url,
    `mutation($input: CreateArticleInput!) { createArticle(input: $input) { ${ARTICLE_FIELDS} } }`,
    { input },
    headers,
  );
  return data.createArticle;
}

/** Brings scheduled articles' publish time to now, all at once, straight in the database. */
export async function makeDue(databaseUrl: string, ids: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`UPDATE "Article" SET "publishAt" = now() AT TIME ZONE 'UTC' WHERE id = ANY($1::int[])`, [ids.map((id) => decodeId(id).rowId)]);
  } finally {
    await client.end();
  }
}
