-- AlterTable
ALTER TABLE "ChartEntry" ADD COLUMN     "views" INTEGER;

