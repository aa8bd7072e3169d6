-- Indexes in the exact orders lists are read in (hand-written: Prisma's datamodel cannot say
-- NULLS LAST, and `npm run db:new-migration` never sees or drops these). Each serves its order
-- forward and, scanned backward, the reversed order that `last`/`before` pages use.

-- Shows: TITLE_ASC (the default), PREMIERE_DATE_DESC, UPDATED_AT_DESC.
CREATE INDEX "Show_title_id_idx" ON "Show" ("title", "id");
CREATE INDEX "Show_premiere_order_idx" ON "Show" ("premiereDate" DESC NULLS LAST, "id" DESC);
CREATE INDEX "Show_updated_order_idx" ON "Show" ("updatedAt" DESC, "id" DESC);

-- Articles, newest first, for readers (status = PUBLISHED) and editors alike.
CREATE INDEX "Article_published_order_idx" ON "Article" ("status", "publishedAt" DESC NULLS LAST, "id" DESC);
CREATE INDEX "Article_order_idx" ON "Article" ("publishedAt" DESC NULLS LAST, "id" DESC);
