// Fills a migrated PostgreSQL database with a deterministic catalogue at a chosen scale.
// Every value is a formula of the row number (no randomness), so two runs at one scale are identical.
// Scale 1: 5,000 shows, ~12,500 seasons, 8,000 people, ~11,600 credits, 300 companies,
// ~200,000 chart entries, 50,000 articles (90% published). Usage: node bench/generate.mjs URL [--scale N]
import pg from "pg";

const WORDS = ["Crown", "Edge", "Night", "Signal", "Harbor", "Ember", "Falls", "Orbit", "Ledger", "Atlas", "Mirror", "Canyon",
  "Hollow", "Static", "Velvet", "Summit", "Drift", "Quarry", "Lantern", "Circuit"];
const COUNTRIES = 90;
const PER_WEEK = 4 * 10 + 2 * COUNTRIES * 10;

export async function generate(url, scale = 1) {
  const counts = {
    shows: Math.round(5000 * scale),
    people: Math.round(8000 * scale),
    companies: Math.max(10, Math.round(300 * scale)),
    weeks: Math.ceil((200_000 * scale) / PER_WEEK),
    articles: Math.round(50_000 * scale),
  };
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const run = (sql, params = []) => client.query(sql, params);
  const words = `ARRAY[${WORDS.map((word) => `'${word}'`).join(",")}]`;
  const word = (expr) => `(${words})[1 + ((${expr}) % ${WORDS.length})]`;
  try {
    await run("BEGIN");
    await run(`INSERT INTO "User" (email, name, role, "updatedAt") VALUES ('bench-author@bench.invalid', 'Bench Author', 'EDITOR', now())
      ON CONFLICT (email) DO NOTHING`);
    await run(`INSERT INTO "Show" (slug, title, synopsis, genres, kind, platform, "premiereDate", status, "updatedAt")
      SELECT 'show-' || i, ${word("i * 7")} || ' ' || ${word("i * 13 + 3")} || ' ' || i,
        'A ' || lower(${word("i * 3")}) || ' drama about ' || lower(${word("i * 11")}) || ' and ' || lower(${word("i * 17")}) || '.',
        ARRAY[(ARRAY['Drama','Comedy','Thriller','Documentary','Reality'])[1 + i % 5]],
        (enum_range(NULL::"ShowKind"))[1 + i % 7], (enum_range(NULL::"Platform"))[1 + (i / 7) % 8],
        CASE WHEN i % 10 = 0 THEN NULL ELSE DATE '2012-01-01' + (i * 37 % 4000) END,
        (enum_range(NULL::"RenewalStatus"))[1 + (i / 3) % 4], now()
      FROM generate_series(1, $1) AS i`, [counts.shows]);
    await run(`INSERT INTO "Season" ("showId", number, "releaseDate", "runtimeHours", "updatedAt")
      SELECT s.id, n, s."premiereDate" + (n - 1) * 365, CASE WHEN s.id % 3 = 0 THEN NULL ELSE 5 + (s.id % 50) / 10.0 END, now()
      FROM "Show" s, generate_series(1, 1 + (s.id % 4)) AS n WHERE s.slug LIKE 'show-%'`);
    await run(`INSERT INTO "Person" (slug, name, bio, "updatedAt")
      SELECT 'person-' || i, ${word("i * 5")} || ' ' || ${word("i * 19 + 7")} || 'son ' || i, 'Actor and writer, born in ' || (1950 + i % 50) || '.', now()
      FROM generate_series(1, $1) AS i`, [counts.people]);
    await run(`INSERT INTO "ProductionCompany" (slug, name, country, "updatedAt")
      SELECT 'company-' || i, ${word("i * 23")} || ' Pictures ' || i, (ARRAY['US','GB','CA','ES','KR','DE'])[1 + i % 6], now()
      FROM generate_series(1, $1) AS i`, [counts.companies]);
    // Ids of what this script made, in creation order (the seed may hold a few rows of its own).
    await run(`CREATE TEMP TABLE shows AS SELECT row_number() OVER (ORDER BY id) AS n, id FROM "Show" WHERE slug LIKE 'show-%'`);
    await run(`CREATE TEMP TABLE people AS SELECT row_number() OVER (ORDER BY id) AS n, id FROM "Person" WHERE slug LIKE 'person-%'`);
    await run(`CREATE TEMP TABLE companies AS SELECT row_number() OVER (ORDER BY id) AS n, id FROM "ProductionCompany" WHERE slug LIKE 'company-%'`);
    await run(`INSERT INTO "ShowProductionCompany" ("showId", "companyId")
      SELECT DISTINCT s.id, c.id FROM shows s
      JOIN companies c ON c.n = 1 + (s.n % $1) OR (s.n % 3 = 0 AND c.n = 1 + ((s.n * 7) % $1))`, [counts.companies]);
    await run(`INSERT INTO "Credit" ("showId", "personId", role, "characterName", position)
      SELECT s.id, p.id, 'CREATOR'::"CreditRole", NULL, 0 FROM shows s JOIN people p ON p.n = 1 + ((s.n * 13) % $1)
      UNION ALL
      SELECT s.id, p.id, 'CAST'::"CreditRole", 'Character ' || k, k FROM shows s, generate_series(1, 1 + (s.n % 2)) AS k
        JOIN people p ON true WHERE p.n = 1 + ((s.n * 29 + k * 101) % $1)`, [counts.people]);
    await run(`INSERT INTO "Country" (code, name)
      SELECT chr(65 + i / 26) || chr(65 + i % 26), 'Country ' || i FROM generate_series(0, ${COUNTRIES - 1}) AS i
      ON CONFLICT (code) DO NOTHING`);
    // Weeks end on Sundays, newest 2025-06-29, going back one week per step.
    await run(`INSERT INTO "ChartEntry" (category, region, "weekStart", "weekEnd", rank, "showId", "seasonId", "showTitle",
        "hoursViewed", "cumulativeWeeksInTop10", "updatedAt")
      SELECT l.category, l.region, w.week_end - 6, w.week_end, r.rank, s.id, season.id, sh.title,
        CASE WHEN l.region = 'GLOBAL' THEN 1000000 + ((w.i * 7919 + r.rank * 104729 + l.k * 13) % 90000000) END,
        1 + ((w.i + r.rank) % 6), now()
      FROM (SELECT i, DATE '2025-06-29' - 7 * i AS week_end FROM generate_series(0, $1 - 1) AS i) AS w
      CROSS JOIN (
        SELECT k, (enum_range(NULL::"ChartCategory"))[1 + k] AS category, 'GLOBAL' AS region FROM generate_series(0, 3) AS k
        UNION ALL
        SELECT 4 + c * 2 + t, (ARRAY['TV','FILMS']::"ChartCategory"[])[1 + t], chr(65 + c / 26) || chr(65 + c % 26)
        FROM generate_series(0, ${COUNTRIES - 1}) AS c, generate_series(0, 1) AS t
      ) AS l
      CROSS JOIN generate_series(1, 10) AS r(rank)
      JOIN shows s ON s.n = 1 + ((w.i * 31 + l.k * 97 + r.rank * 7) % $2)
      JOIN "Show" sh ON sh.id = s.id
      LEFT JOIN "Season" season ON season."showId" = s.id AND season.number = 1`, [counts.weeks, counts.shows]);
    await run(`INSERT INTO "Article" (slug, title, summary, body, status, "authorId", "publishedAt", "updatedAt", version)
      SELECT 'article-' || i, 'Has Netflix renewed ' || sh.title || ' for season 2?',
        'Where ' || sh.title || ' stands.', repeat('The numbers for ' || sh.title || ' were ' || lower(${word("i")}) || '. ', 12),
        CASE WHEN i % 10 = 0 THEN 'DRAFT' ELSE 'PUBLISHED' END::"ArticleStatus",
        (SELECT id FROM "User" WHERE email = 'bench-author@bench.invalid'),
        CASE WHEN i % 10 = 0 THEN NULL ELSE TIMESTAMP '2025-07-01' - i * INTERVAL '17 minutes' END, now(), 1
      FROM generate_series(1, $1) AS i JOIN shows s ON s.n = 1 + ((i * 17) % $2) JOIN "Show" sh ON sh.id = s.id`,
      [counts.articles, counts.shows]);
    await run(`INSERT INTO "ArticleShow" ("articleId", "showId")
      SELECT a.id, s.id FROM "Article" a JOIN shows s ON s.n = 1 + ((substr(a.slug, 9)::int * 17) % $1)
      WHERE a.slug LIKE 'article-%'`, [counts.shows]);
    await run("COMMIT");
    await run("ANALYZE");
    const { rows } = await run(`SELECT (SELECT count(*) FROM "Show")::int AS shows, (SELECT count(*) FROM "Season")::int AS seasons,
      (SELECT count(*) FROM "Person")::int AS people, (SELECT count(*) FROM "Credit")::int AS credits,
      (SELECT count(*) FROM "ProductionCompany")::int AS companies, (SELECT count(*) FROM "ChartEntry")::int AS "chartEntries",
      (SELECT count(*) FROM "Article")::int AS articles, (SELECT count(*) FROM "Article" WHERE status = 'PUBLISHED')::int AS published`);
    return rows[0];
  } catch (error) {
    await run("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const url = process.argv[2];
  const at = process.argv.indexOf("--scale");
  const scale = at > 0 ? Number(process.argv[at + 1]) : 1;
  if (!url || !(scale > 0)) {
    console.error("Usage: node bench/generate.mjs postgresql://... [--scale N]");
    process.exit(2);
  }
  console.log(await generate(url, scale));
}
