-- Search folds accents ("Pokemon" finds "Pokémon", and the other way round), on PostgreSQL servers
-- and on the embedded engine alike (PGlite ships the same unaccent extension, which src/db/embedded.ts
-- loads it). Hand-written, like 20261125100000_full_text_search: Prisma's datamodel cannot express
-- text search configurations or expression indexes.
--
-- Two configurations, copies of the built-in ones whose word mappings run unaccent first. A
-- configuration rather than an unaccent() call around the text: to_tsvector(regconfig, text) is
-- IMMUTABLE, so it can be indexed, and ts_headline with the same configuration still marks the
-- accented words in the original text.
CREATE EXTENSION IF NOT EXISTS unaccent;

CREATE TEXT SEARCH CONFIGURATION greenlight_english (COPY = english);
ALTER TEXT SEARCH CONFIGURATION greenlight_english
  ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;

CREATE TEXT SEARCH CONFIGURATION greenlight_simple (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION greenlight_simple
  ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;

-- The indexes of 20261125100000_full_text_search, over the new configurations. src/search/search.sql.ts
-- uses exactly these expressions.
DROP INDEX "Show_search_idx";
CREATE INDEX "Show_search_idx" ON "Show" USING GIN ((
  setweight(to_tsvector('greenlight_english', "title"), 'A') ||
  setweight(to_tsvector('greenlight_english', coalesce("synopsis", '')), 'B')
));

DROP INDEX "Person_search_idx";
CREATE INDEX "Person_search_idx" ON "Person" USING GIN ((
  setweight(to_tsvector('greenlight_simple', "name"), 'A') ||
  setweight(to_tsvector('greenlight_english', coalesce("bio", '')), 'C')
));

DROP INDEX "Article_search_idx";
CREATE INDEX "Article_search_idx" ON "Article" USING GIN ((
  setweight(to_tsvector('greenlight_english', "title"), 'A') ||
  setweight(to_tsvector('greenlight_english', coalesce("summary", '')), 'B') ||
  setweight(to_tsvector('greenlight_english', "body"), 'C')
)) WHERE "status" = 'PUBLISHED';
