-- Full-text search (hand-written: Prisma's datamodel cannot express expression indexes, so
-- `npm run db:new-migration` never sees or drops them). The search queries in
-- src/search/search.sql.ts use exactly these expressions, so the planner can use the indexes.

-- Shows: titles weigh more than synopses, with English stemming ("renewed" finds "renewal").
CREATE INDEX "Show_search_idx" ON "Show" USING GIN ((
  setweight(to_tsvector('english', "title"), 'A') ||
  setweight(to_tsvector('english', coalesce("synopsis", '')), 'B')
));

-- People: names are not English words, so no stemming.
CREATE INDEX "Person_search_idx" ON "Person" USING GIN ((
  setweight(to_tsvector('simple', "name"), 'A') ||
  setweight(to_tsvector('english', coalesce("bio", '')), 'C')
));

-- Articles: only published ones are ever searched.
CREATE INDEX "Article_search_idx" ON "Article" USING GIN ((
  setweight(to_tsvector('english', "title"), 'A') ||
  setweight(to_tsvector('english', coalesce("summary", '')), 'B') ||
  setweight(to_tsvector('english', "body"), 'C')
)) WHERE "status" = 'PUBLISHED';
