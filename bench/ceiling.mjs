// The raw-SQL ceiling: node:http + pg answering Q2 and Q4 with one hand-written statement each,
// building the same JSON Greenlight returns (LATERAL joins, json_agg). What a resolver-free stack
// can do on the same database is the bar Greenlight is measured against.
// Usage: node bench/ceiling.mjs postgresql://... PORT [PROCESSES]   (prints "ceiling listening on PORT";
// PROCESSES > 1 forks that many, sharing the port, as Greenlight's WORKERS does)
import cluster from "node:cluster";
import { createServer } from "node:http";
import pg from "pg";

const date = (column) => `to_char(${column}, 'YYYY-MM-DD')`;
const instant = (column) => `to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
/** Greenlight's Relay global id, base64url("Type:rowId") without padding (src/common/node.ts). */
const globalId = (type, column) => `rtrim(translate(encode(convert_to('${type}:' || ${column}, 'UTF8'), 'base64'), '+/', '-_'), '=')`;

/** Q1's orders, as Greenlight's showOrderings sort them (the id breaks ties; no premiere date comes last). */
const Q1_ORDERS = {
  TITLE_ASC: `s.title, s.id`,
  PREMIERE_DATE_DESC: `s."premiereDate" DESC NULLS LAST, s.id DESC`,
  UPDATED_AT_DESC: `s."updatedAt" DESC, s.id DESC`,
};
const q1 = (order) => `
SELECT json_build_object('data', json_build_object('shows', json_build_object('nodes', coalesce((
  SELECT json_agg(json_build_object('id', ${globalId("Show", "s.id")}, 'slug', s.slug, 'title', s.title, 'status', s.status,
    'kind', s.kind, 'premiereDate', ${date('s."premiereDate"')}) ORDER BY ${order})
  FROM (SELECT * FROM "Show" s WHERE ($1::text[] IS NULL OR s.status::text = ANY($1)) ORDER BY ${order} LIMIT $2) s), '[]'::json))))::text AS body`;
const Q1 = Object.fromEntries(Object.entries(Q1_ORDERS).map(([name, order]) => [name, q1(order)]));

const Q2 = `
WITH page AS (
  SELECT * FROM "Show"
  WHERE ($1::text[] IS NULL OR status::text = ANY($1)) AND ($2::text IS NULL OR (title, id) > ($2, $3))
  ORDER BY title, id LIMIT $4 + 1
), shown AS (SELECT * FROM page ORDER BY title, id LIMIT $4)
SELECT json_build_object('data', json_build_object('shows', json_build_object(
  'pageInfo', json_build_object('hasNextPage', (SELECT count(*) FROM page) > $4),
  'nodes', coalesce((SELECT json_agg(json_build_object(
    'id', ${globalId("Show", "s.id")}, 'slug', s.slug, 'title', s.title, 'status', s.status, 'premiereDate', ${date('s."premiereDate"')},
    'creators', coalesce(creators.list, '[]'::json),
    'productionCompanies', coalesce(companies.list, '[]'::json),
    'chartEntries', json_build_object('nodes', coalesce(entries.list, '[]'::json)),
    'articles', json_build_object('nodes', coalesce(articles.list, '[]'::json))
  ) ORDER BY s.title, s.id)
  FROM shown s
  LEFT JOIN LATERAL (
    SELECT json_agg(json_build_object('name', p.name) ORDER BY c.position, c.id) AS list
    FROM "Credit" c JOIN "Person" p ON p.id = c."personId" WHERE c."showId" = s.id AND c.role = 'CREATOR'
  ) creators ON true
  LEFT JOIN LATERAL (
    SELECT json_agg(json_build_object('name', pc.name,
      'showCount', (SELECT count(*) FROM "ShowProductionCompany" other WHERE other."companyId" = pc.id)) ORDER BY pc.name) AS list
    FROM "ShowProductionCompany" link JOIN "ProductionCompany" pc ON pc.id = link."companyId" WHERE link."showId" = s.id
  ) companies ON true
  LEFT JOIN LATERAL (
    SELECT json_agg(json_build_object('weekEnd', ${date('e."weekEnd"')}, 'rank', e.rank, 'hoursViewed', e."hoursViewed")
      ORDER BY e."weekEnd", e.category, e.region, e.rank, e.id) AS list
    FROM (SELECT * FROM "ChartEntry" WHERE "showId" = s.id
          ORDER BY "weekEnd" DESC, category DESC, region DESC, rank DESC, id DESC LIMIT 5) e
  ) entries ON true
  LEFT JOIN LATERAL (
    SELECT json_agg(json_build_object('title', a.title, 'publishedAt', ${instant('a."publishedAt"')})) AS list
    FROM (SELECT a.* FROM "ArticleShow" link JOIN "Article" a ON a.id = link."articleId"
          WHERE link."showId" = s.id AND a.status = 'PUBLISHED'
          ORDER BY a."publishedAt" DESC NULLS LAST, a.id DESC LIMIT 1) a
  ) articles ON true), '[]'::json)
)))::text AS body`;

const Q4 = `
SELECT json_build_object('data', json_build_object('show', (
  SELECT json_build_object(
    'id', ${globalId("Show", "s.id")}, 'title', s.title, 'status', s.status, 'premiereDate', ${date('s."premiereDate"')},
    'synopsis', s.synopsis, 'genres', to_json(s.genres),
    'seasons', coalesce((
      SELECT json_agg(json_build_object('number', se.number, 'releaseDate', ${date('se."releaseDate"')}, 'chartRun', run.value)
        ORDER BY se.number)
      FROM "Season" se
      LEFT JOIN LATERAL (
        SELECT json_build_object('peakRank', min(e.rank), 'weeksInTop10', count(*)) AS value
        FROM "ChartEntry" e
        WHERE e."seasonId" = se.id AND e.region = 'GLOBAL' AND e.category = (
          SELECT first.category FROM "ChartEntry" first WHERE first."seasonId" = se.id AND first.region = 'GLOBAL'
          ORDER BY first."weekEnd", first.category, first.region, first.rank LIMIT 1)
        HAVING count(*) > 0
      ) run ON true
      WHERE se."showId" = s.id), '[]'::json),
    'credits', json_build_object('nodes', coalesce((
      SELECT json_agg(json_build_object('role', c.role, 'characterName', c."characterName",
        'person', json_build_object('name', p.name, 'slug', p.slug)) ORDER BY c.role, c.position, c.id)
      FROM (SELECT * FROM "Credit" WHERE "showId" = s.id ORDER BY role, position, id LIMIT 20) c
      JOIN "Person" p ON p.id = c."personId"), '[]'::json)),
    'ratings', coalesce((
      SELECT json_agg(json_build_object('source', r.source, 'score', r.score::float8) ORDER BY r.source, r."asOf" DESC)
      FROM "Rating" r WHERE r."showId" = s.id), '[]'::json),
    'articles', json_build_object('nodes', coalesce((
      SELECT json_agg(json_build_object('title', a.title, 'slug', a.slug, 'publishedAt', ${instant('a."publishedAt"')})
        ORDER BY a."publishedAt" DESC NULLS LAST, a.id DESC)
      FROM (SELECT a.* FROM "ArticleShow" link JOIN "Article" a ON a.id = link."articleId"
            WHERE link."showId" = s.id AND a.status = 'PUBLISHED'
            ORDER BY a."publishedAt" DESC NULLS LAST, a.id DESC LIMIT 5) a), '[]'::json))
  ) FROM "Show" s WHERE s.slug = $1
)))::text AS body`;

/** Greenlight's cursors for the default show order hold the title and id of the row they follow. */
function afterPosition(cursor) {
  if (!cursor) return [null, null];
  const [, , title, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  return [title, id];
}

export function startCeiling(url, port) {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const server = createServer(async (request, response) => {
    let text = "";
    for await (const chunk of request) text += chunk;
    try {
      const { variables = {} } = JSON.parse(text || "{}");
      let result;
      if (request.url === "/q1") {
        const statement = Q1[variables.orderBy ?? "TITLE_ASC"];
        if (!statement) throw new Error(`unknown order ${variables.orderBy}`);
        // Named, so PostgreSQL plans each order once per connection, as Greenlight's prepared statements are.
        result = await pool.query({ name: `q1-${variables.orderBy ?? "TITLE_ASC"}`, text: statement, values: [variables.status ?? null, variables.first ?? 20] });
      } else if (request.url === "/q2") {
        const [afterTitle, afterId] = afterPosition(variables.after);
        result = await pool.query({ name: "q2", text: Q2, values: [variables.status ?? null, afterTitle, afterId, variables.first ?? 20] });
      } else if (request.url === "/q4") {
        result = await pool.query({ name: "q4", text: Q4, values: [variables.slug] });
      } else {
        response.writeHead(404).end();
        return;
      }
      // The statement built the whole answer as text: it goes out untouched.
      response.writeHead(200, { "content-type": "application/json" }).end(result.rows[0].body);
    } catch (error) {
      response.writeHead(500, { "content-type": "text/plain" }).end(String(error));
    }
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve({ server, pool })));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [url, port = "0", processes = "1"] = process.argv.slice(2);
  if (Number(processes) > 1 && cluster.isPrimary) {
    // The workers share one port: the first binds it (port 0 picks one), the others join it.
    const first = cluster.fork({ CEILING_PORT: port });
    const chosen = await new Promise((resolve) => first.on("message", resolve));
    for (let index = 1; index < Number(processes); index += 1) cluster.fork({ CEILING_PORT: String(chosen) });
    console.log(`ceiling listening on ${chosen}`);
    process.on("SIGTERM", () => {
      for (const worker of Object.values(cluster.workers)) worker.kill("SIGTERM");
      process.exit(0);
    });
  } else {
    const { server } = await startCeiling(url, Number(process.env.CEILING_PORT ?? port));
    if (cluster.isWorker) process.send(server.address().port);
    else console.log(`ceiling listening on ${server.address().port}`);
  }
}
