-- CreateEnum
CREATE TYPE "ShowKind" AS ENUM ('SERIES', 'LIMITED_SERIES', 'DOCUSERIES', 'REALITY', 'ANIMATED_SERIES', 'FILM', 'SPECIAL');

-- CreateEnum
CREATE TYPE "Platform" AS ENUM ('NETFLIX', 'PRIME_VIDEO', 'DISNEY_PLUS', 'MAX', 'APPLE_TV_PLUS', 'HULU', 'PEACOCK', 'PARAMOUNT_PLUS');

-- CreateEnum
CREATE TYPE "RenewalStatus" AS ENUM ('PENDING', 'RENEWED', 'CANCELED', 'ENDED');

-- CreateEnum
CREATE TYPE "CreditRole" AS ENUM ('CREATOR', 'SHOWRUNNER', 'EXECUTIVE_PRODUCER', 'WRITER', 'DIRECTOR', 'CAST');

-- CreateEnum
CREATE TYPE "ChartCategory" AS ENUM ('TV_ENGLISH', 'TV_NON_ENGLISH', 'FILMS_ENGLISH', 'FILMS_NON_ENGLISH', 'TV', 'FILMS');

-- CreateEnum
CREATE TYPE "RatingSource" AS ENUM ('IMDB', 'ROTTEN_TOMATOES_AUDIENCE', 'ROTTEN_TOMATOES_CRITICS', 'METACRITIC');

-- CreateEnum
CREATE TYPE "ArticleStatus" AS ENUM ('DRAFT', 'IN_REVIEW', 'SCHEDULED', 'PUBLISHED', 'ARCHIVED');

-- CreateEnum
CREATE TYPE "UserRole" AS ENUM ('ADMIN', 'EDITOR', 'WRITER');

-- CreateTable
CREATE TABLE "Show" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "synopsis" TEXT,
    "genres" TEXT[],
    "kind" "ShowKind" NOT NULL,
    "platform" "Platform" NOT NULL DEFAULT 'NETFLIX',
    "isOriginal" BOOLEAN NOT NULL DEFAULT true,
    "originalLanguage" TEXT,
    "premiereDate" DATE,
    "status" "RenewalStatus" NOT NULL DEFAULT 'PENDING',
    "statusAnnouncedAt" DATE,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Show_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Season" (
    "id" SERIAL NOT NULL,
    "showId" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "title" TEXT,
    "episodeCount" INTEGER,
    "runtimeHours" DECIMAL(9,4),
    "releaseDate" DATE,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Season_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Person" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "bio" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Credit" (
    "id" SERIAL NOT NULL,
    "showId" INTEGER NOT NULL,
    "personId" INTEGER NOT NULL,
    "role" "CreditRole" NOT NULL,
    "characterName" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "Credit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProductionCompany" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "country" TEXT,
    "website" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProductionCompany_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ShowProductionCompany" (
    "showId" INTEGER NOT NULL,
    "companyId" INTEGER NOT NULL,

    CONSTRAINT "ShowProductionCompany_pkey" PRIMARY KEY ("showId","companyId")
);

-- CreateTable
CREATE TABLE "Country" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "Country_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "ChartEntry" (
    "id" SERIAL NOT NULL,
    "category" "ChartCategory" NOT NULL,
    "region" TEXT NOT NULL DEFAULT 'GLOBAL',
    "weekStart" DATE NOT NULL,
    "weekEnd" DATE NOT NULL,
    "rank" INTEGER NOT NULL,
    "showId" INTEGER NOT NULL,
    "seasonId" INTEGER,
    "showTitle" TEXT NOT NULL,
    "seasonTitle" TEXT,
    "hoursViewed" INTEGER,
    "runtimeHours" DECIMAL(9,4),
    "cumulativeWeeksInTop10" INTEGER NOT NULL,
    "isStaggeredLaunch" BOOLEAN,
    "episodeLaunchDetails" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ChartEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Rating" (
    "id" SERIAL NOT NULL,
    "showId" INTEGER NOT NULL,
    "seasonId" INTEGER,
    "source" "RatingSource" NOT NULL,
    "score" DECIMAL(6,2),
    "scaleMax" INTEGER NOT NULL,
    "voteCount" INTEGER,
    "asOf" DATE NOT NULL,

    CONSTRAINT "Rating_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StatusChange" (
    "id" SERIAL NOT NULL,
    "showId" INTEGER NOT NULL,
    "status" "RenewalStatus" NOT NULL,
    "previousStatus" "RenewalStatus",
    "seasonNumber" INTEGER,
    "announcedAt" DATE NOT NULL,
    "articleId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StatusChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Article" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT,
    "body" TEXT NOT NULL,
    "status" "ArticleStatus" NOT NULL DEFAULT 'DRAFT',
    "authorId" INTEGER,
    "verdict" "RenewalStatus",
    "seasonNumber" INTEGER,
    "publishedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Article_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ArticleShow" (
    "articleId" INTEGER NOT NULL,
    "showId" INTEGER NOT NULL,

    CONSTRAINT "ArticleShow_pkey" PRIMARY KEY ("articleId","showId")
);

-- CreateTable
CREATE TABLE "User" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "UserRole" NOT NULL,
    "passwordHash" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Show_slug_key" ON "Show"("slug");

-- CreateIndex
CREATE INDEX "Show_title_idx" ON "Show"("title");

-- CreateIndex
CREATE INDEX "Show_status_idx" ON "Show"("status");

-- CreateIndex
CREATE INDEX "Show_platform_idx" ON "Show"("platform");

-- CreateIndex
CREATE INDEX "Show_kind_idx" ON "Show"("kind");

-- CreateIndex
CREATE INDEX "Show_premiereDate_idx" ON "Show"("premiereDate");

-- CreateIndex
CREATE INDEX "Show_genres_idx" ON "Show" USING GIN ("genres");

-- CreateIndex
CREATE UNIQUE INDEX "Season_showId_number_key" ON "Season"("showId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "Person_slug_key" ON "Person"("slug");

-- CreateIndex
CREATE INDEX "Person_name_idx" ON "Person"("name");

-- CreateIndex
CREATE INDEX "Credit_showId_role_position_idx" ON "Credit"("showId", "role", "position");

-- CreateIndex
CREATE INDEX "Credit_personId_idx" ON "Credit"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "ProductionCompany_slug_key" ON "ProductionCompany"("slug");

-- CreateIndex
CREATE INDEX "ProductionCompany_name_idx" ON "ProductionCompany"("name");

-- CreateIndex
CREATE INDEX "ShowProductionCompany_companyId_idx" ON "ShowProductionCompany"("companyId");

-- CreateIndex
CREATE INDEX "ChartEntry_showId_weekEnd_idx" ON "ChartEntry"("showId", "weekEnd");

-- CreateIndex
CREATE INDEX "ChartEntry_seasonId_weekEnd_idx" ON "ChartEntry"("seasonId", "weekEnd");

-- CreateIndex
CREATE INDEX "ChartEntry_weekEnd_idx" ON "ChartEntry"("weekEnd");

-- CreateIndex
CREATE UNIQUE INDEX "ChartEntry_category_region_weekEnd_rank_key" ON "ChartEntry"("category", "region", "weekEnd", "rank");

-- CreateIndex
CREATE INDEX "Rating_showId_idx" ON "Rating"("showId");

-- CreateIndex
CREATE INDEX "Rating_seasonId_idx" ON "Rating"("seasonId");

-- CreateIndex
CREATE INDEX "StatusChange_showId_announcedAt_idx" ON "StatusChange"("showId", "announcedAt");

-- CreateIndex
CREATE INDEX "StatusChange_articleId_idx" ON "StatusChange"("articleId");

-- CreateIndex
CREATE INDEX "StatusChange_announcedAt_idx" ON "StatusChange"("announcedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Article_slug_key" ON "Article"("slug");

-- CreateIndex
CREATE INDEX "Article_status_publishedAt_idx" ON "Article"("status", "publishedAt");

-- CreateIndex
CREATE INDEX "Article_authorId_idx" ON "Article"("authorId");

-- CreateIndex
CREATE INDEX "ArticleShow_showId_idx" ON "ArticleShow"("showId");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- AddForeignKey
ALTER TABLE "Season" ADD CONSTRAINT "Season_showId_fkey" FOREIGN KEY ("showId") REFERENCES "Show"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Credit" ADD CONSTRAINT "Credit_showId_fkey" FOREIGN KEY ("showId") REFERENCES "Show"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Credit" ADD CONSTRAINT "Credit_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ShowProductionCompany" ADD CONSTRAINT "ShowProductionCompany_showId_fkey" FOREIGN KEY ("showId") REFERENCES "Show"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ShowProductionCompany" ADD CONSTRAINT "ShowProductionCompany_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "ProductionCompany"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChartEntry" ADD CONSTRAINT "ChartEntry_showId_fkey" FOREIGN KEY ("showId") REFERENCES "Show"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChartEntry" ADD CONSTRAINT "ChartEntry_seasonId_fkey" FOREIGN KEY ("seasonId") REFERENCES "Season"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Rating" ADD CONSTRAINT "Rating_showId_fkey" FOREIGN KEY ("showId") REFERENCES "Show"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Rating" ADD CONSTRAINT "Rating_seasonId_fkey" FOREIGN KEY ("seasonId") REFERENCES "Season"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StatusChange" ADD CONSTRAINT "StatusChange_showId_fkey" FOREIGN KEY ("showId") REFERENCES "Show"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StatusChange" ADD CONSTRAINT "StatusChange_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Article" ADD CONSTRAINT "Article_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ArticleShow" ADD CONSTRAINT "ArticleShow_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ArticleShow" ADD CONSTRAINT "ArticleShow_showId_fkey" FOREIGN KEY ("showId") REFERENCES "Show"("id") ON DELETE CASCADE ON UPDATE CASCADE;

