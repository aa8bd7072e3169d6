-- AlterTable
ALTER TABLE "Show" ADD COLUMN     "matchKey" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Show_matchKey_key" ON "Show"("matchKey");

