-- Status facts: a status change becomes a sourced fact (several source articles, a source URL, who recorded it,
-- retraction), and the show's status is derived from the standing facts. Existing data is carried over:
-- each fact keeps its announcement date, the article that reported it becomes its first source, changes that
-- only repeated the status before them (republished verdicts, dated on their publish day) are merged into the
-- fact they repeated, shows with a status but no fact get one (origin SEED: the data the service started with).

-- CreateEnum
CREATE TYPE "StatusFactOrigin" AS ENUM ('ARTICLE', 'EDITOR', 'SEED');

-- CreateTable
CREATE TABLE "StatusChangeSource" (
    "statusChangeId" INTEGER NOT NULL,
    "articleId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StatusChangeSource_pkey" PRIMARY KEY ("statusChangeId","articleId")
);

-- CreateIndex
CREATE INDEX "StatusChangeSource_articleId_idx" ON "StatusChangeSource"("articleId");

-- AlterTable
ALTER TABLE "StatusChange"
ADD COLUMN     "origin" "StatusFactOrigin",
ADD COLUMN     "recordedById" INTEGER,
ADD COLUMN     "retractedAt" TIMESTAMP(3),
ADD COLUMN     "retractedById" INTEGER,
ADD COLUMN     "retractedWithArticleId" INTEGER,
ADD COLUMN     "retractionReason" TEXT,
ADD COLUMN     "sourceUrl" TEXT,
ALTER COLUMN "announcedAt" DROP NOT NULL;

-- Carry over: the reporting article becomes the first source.
UPDATE "StatusChange" SET "origin" = CASE WHEN "articleId" IS NULL THEN 'SEED'::"StatusFactOrigin" ELSE 'ARTICLE'::"StatusFactOrigin" END;
INSERT INTO "StatusChangeSource" ("statusChangeId", "articleId", "createdAt")
SELECT "id", "articleId", "createdAt" FROM "StatusChange" WHERE "articleId" IS NOT NULL;

-- Merge repeats: a change whose status (and season) equals the one standing before it (the previous change of
-- the show in announcement order, or PENDING before the first) hands its sources to the fact it repeats and goes.
CREATE TEMPORARY TABLE "StatusRepeat" AS
WITH ordered AS (
  SELECT "id", "showId", "status", "seasonNumber",
         COALESCE(lag("status") OVER w, 'PENDING') AS "before",
         lag("id") OVER w AS "beforeId",
         lag("seasonNumber") OVER w AS "beforeSeason"
  FROM "StatusChange"
  WINDOW w AS (PARTITION BY "showId" ORDER BY "announcedAt", "id")
), repeats AS (
  SELECT * FROM ordered
  WHERE "status" = "before" AND ("beforeId" IS NULL OR "beforeSeason" IS NOT DISTINCT FROM "seasonNumber")
)
SELECT r."id", (
  SELECT k."id" FROM "StatusChange" k
  WHERE k."showId" = r."showId" AND k."status" = r."status" AND k."seasonNumber" IS NOT DISTINCT FROM r."seasonNumber"
    AND (k."announcedAt", k."id") < (c."announcedAt", c."id")
    AND k."id" NOT IN (SELECT "id" FROM repeats)
  ORDER BY k."announcedAt" DESC, k."id" DESC LIMIT 1
) AS "keeperId"
FROM repeats r JOIN "StatusChange" c ON c."id" = r."id";

INSERT INTO "StatusChangeSource" ("statusChangeId", "articleId", "createdAt")
SELECT r."keeperId", s."articleId", s."createdAt"
FROM "StatusRepeat" r JOIN "StatusChangeSource" s ON s."statusChangeId" = r."id"
WHERE r."keeperId" IS NOT NULL
ON CONFLICT DO NOTHING;

DELETE FROM "StatusChangeSource" WHERE "statusChangeId" IN (SELECT "id" FROM "StatusRepeat");
DELETE FROM "StatusChange" WHERE "id" IN (SELECT "id" FROM "StatusRepeat");
DROP TABLE "StatusRepeat";

-- A status with no fact behind it becomes a fact of its own.
INSERT INTO "StatusChange" ("showId", "status", "announcedAt", "origin")
SELECT s."id", s."status", s."statusAnnouncedAt", 'SEED'
FROM "Show" s
WHERE s."status" <> 'PENDING' AND NOT EXISTS (SELECT 1 FROM "StatusChange" c WHERE c."showId" = s."id");

-- Derive every show's status from its facts (src/shows/status-facts.ts does this from now on).
UPDATE "Show" s SET "status" = 'PENDING', "statusAnnouncedAt" = NULL
WHERE NOT EXISTS (SELECT 1 FROM "StatusChange" c WHERE c."showId" = s."id");
UPDATE "Show" s SET "status" = f."status", "statusAnnouncedAt" = f."announcedAt"
FROM (
  SELECT DISTINCT ON ("showId") "showId", "status", "announcedAt"
  FROM "StatusChange"
  ORDER BY "showId", "announcedAt" DESC NULLS LAST, "createdAt" DESC, "id" DESC
) f
WHERE s."id" = f."showId";

ALTER TABLE "StatusChange" ALTER COLUMN "origin" SET NOT NULL;

-- DropForeignKey
ALTER TABLE "StatusChange" DROP CONSTRAINT "StatusChange_articleId_fkey";

-- DropIndex
DROP INDEX "StatusChange_articleId_idx";

-- AlterTable
ALTER TABLE "StatusChange" DROP COLUMN "articleId",
DROP COLUMN "previousStatus";

-- AlterTable
ALTER TABLE "Article" ADD COLUMN     "verdictAnnouncedAt" DATE,
ADD COLUMN     "verdictSourceUrl" TEXT;

-- AlterTable
ALTER TABLE "ArticleRevision" ADD COLUMN     "verdictAnnouncedAt" DATE,
ADD COLUMN     "verdictSourceUrl" TEXT;

-- AddForeignKey
ALTER TABLE "StatusChange" ADD CONSTRAINT "StatusChange_recordedById_fkey" FOREIGN KEY ("recordedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StatusChange" ADD CONSTRAINT "StatusChange_retractedById_fkey" FOREIGN KEY ("retractedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StatusChangeSource" ADD CONSTRAINT "StatusChangeSource_statusChangeId_fkey" FOREIGN KEY ("statusChangeId") REFERENCES "StatusChange"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StatusChangeSource" ADD CONSTRAINT "StatusChangeSource_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;
