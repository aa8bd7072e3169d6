-- PostGraphile's computed columns for the benchmark's questions: the orderings across link tables and
-- the chart run that its generated schema cannot express on its own (PostGraphile's documented way
-- to add them). Created on the bench database only, before PostGraphile starts.
CREATE FUNCTION "Show_production_companies"(s "Show") RETURNS SETOF "ProductionCompany" LANGUAGE sql STABLE AS $$
  SELECT pc.* FROM "ShowProductionCompany" link JOIN "ProductionCompany" pc ON pc.id = link."companyId"
  WHERE link."showId" = s.id ORDER BY pc.name
$$;
CREATE FUNCTION "Show_published_articles"(s "Show") RETURNS SETOF "Article" LANGUAGE sql STABLE AS $$
  SELECT a.* FROM "ArticleShow" link JOIN "Article" a ON a.id = link."articleId"
  WHERE link."showId" = s.id AND a.status = 'PUBLISHED' ORDER BY a."publishedAt" DESC NULLS LAST, a.id DESC
$$;
CREATE FUNCTION "ProductionCompany_show_count"(pc "ProductionCompany") RETURNS int LANGUAGE sql STABLE AS $$
  SELECT count(*)::int FROM "ShowProductionCompany" other WHERE other."companyId" = pc.id
$$;
CREATE TYPE bench_chart_run AS (peak_rank int, weeks_in_top10 int);
CREATE FUNCTION "Season_chart_run"(se "Season") RETURNS bench_chart_run LANGUAGE sql STABLE AS $$
  SELECT min(e.rank)::int, count(*)::int FROM "ChartEntry" e
  WHERE e."seasonId" = se.id AND e.region = 'GLOBAL' AND e.category = (
    SELECT first.category FROM "ChartEntry" first WHERE first."seasonId" = se.id AND first.region = 'GLOBAL'
    ORDER BY first."weekEnd", first.category, first.region, first.rank LIMIT 1)
  HAVING count(*) > 0
$$;
-- PostGraphile leaves enum columns out of orderBy by default; the questions order by these.
COMMENT ON COLUMN "Credit".role IS E'@behavior +attribute:orderBy';
COMMENT ON COLUMN "ChartEntry".category IS E'@behavior +attribute:orderBy';
COMMENT ON COLUMN "Rating".source IS E'@behavior +attribute:orderBy';
