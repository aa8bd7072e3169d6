-- AlterTable
ALTER TABLE "Article" ADD COLUMN     "claims" JSONB;

-- AlterTable
ALTER TABLE "ArticleRevision" ADD COLUMN     "claims" JSONB;

-- CreateTable
CREATE TABLE "ArticleAlert" (
    "id" SERIAL NOT NULL,
    "articleId" INTEGER NOT NULL,
    "statusChangeId" INTEGER,
    "claims" JSONB NOT NULL,
    "raisedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "clearedAt" TIMESTAMP(3),
    "clearedById" INTEGER,
    "clearedBecause" TEXT,
    "dismissReason" TEXT,

    CONSTRAINT "ArticleAlert_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ArticleAlert_articleId_clearedAt_idx" ON "ArticleAlert"("articleId", "clearedAt");

-- CreateIndex
CREATE INDEX "ArticleAlert_clearedAt_raisedAt_idx" ON "ArticleAlert"("clearedAt", "raisedAt");

-- AddForeignKey
ALTER TABLE "ArticleAlert" ADD CONSTRAINT "ArticleAlert_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ArticleAlert" ADD CONSTRAINT "ArticleAlert_statusChangeId_fkey" FOREIGN KEY ("statusChangeId") REFERENCES "StatusChange"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ArticleAlert" ADD CONSTRAINT "ArticleAlert_clearedById_fkey" FOREIGN KEY ("clearedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

