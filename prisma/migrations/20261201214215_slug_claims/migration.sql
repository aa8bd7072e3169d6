-- DropIndex
DROP INDEX "Article_slug_key";

-- AlterTable
ALTER TABLE "Article" ADD COLUMN     "pendingSlug" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Article_pendingSlug_key" ON "Article"("pendingSlug");

-- CreateIndex
CREATE INDEX "Article_slug_idx" ON "Article"("slug");


-- Hand-written (Prisma's datamodel cannot express partial indexes, so `npm run db:new-migration`
-- never sees or drops it): a slug is claimed in the public namespace only once its article is
-- scheduled or published (and stays claimed while archived). Drafts reserve nothing, so a writer
-- cannot learn from a conflict that someone else's hidden draft exists.
CREATE UNIQUE INDEX "Article_public_slug_key" ON "Article"("slug") WHERE "status" IN ('SCHEDULED', 'PUBLISHED', 'ARCHIVED');
