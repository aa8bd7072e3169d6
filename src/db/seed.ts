import { hashPassword } from "../auth/password.js";
import { matchKey } from "../charts/import/titles.js";
import type { PrismaClient } from "./prisma.js";
import { articles, chartRows, companies, newsroom, people, ratings, shows, statusFacts } from "./seed/data.js";
import { refreshShowStatus } from "../shows/status-facts.js";

const day = (iso: string) => new Date(`${iso}T00:00:00.000Z`);
const mondayBefore = (sunday: string) => new Date(day(sunday).getTime() - 6 * 86_400_000);

export async function isDatabaseEmpty(prisma: PrismaClient): Promise<boolean> {
  return (await prisma.show.count()) === 0;
}

/**
 * Loads the seed in one transaction. Every row is keyed by a natural key (slug, week and rank...),
 * so running it twice changes nothing.
 */
/** Documented in README ("Development users"); created only when NODE_ENV=development is set explicitly. */
export const DEVELOPMENT_PASSWORD = "greenlight-dev-password";
export const developmentUsers = [
  { email: "admin@greenlight.test", name: "Ada Admin", role: "ADMIN" },
  { email: "editor@greenlight.test", name: "Eddie Editor", role: "EDITOR" },
  { email: "writer@greenlight.test", name: "Wren Writer", role: "WRITER" },
] as const;

export async function seedDatabase(prisma: PrismaClient, options: { developmentUsers: boolean }): Promise<void> {
  const passwordHash = options.developmentUsers ? await hashPassword(DEVELOPMENT_PASSWORD) : null;
  await prisma.$transaction(
    async (tx) => {
      const companyIds = new Map<string, number>();
      for (const company of companies) {
        const row = await tx.productionCompany.upsert({ where: { slug: company.slug }, create: company, update: company });
        companyIds.set(company.slug, row.id);
      }

      const showIds = new Map<string, number>();
      const seasonIds = new Map<string, number>();
      for (const { seasons, companies: companySlugs, ...show } of shows) {
        const fields = {
          ...show,
          matchKey: matchKey(show.title, show.kind === "FILM" ? "film" : "tv"),
          premiereDate: show.premiereDate ? day(show.premiereDate) : null,
        };
        const row = await tx.show.upsert({ where: { slug: show.slug }, create: fields, update: fields });
        showIds.set(show.slug, row.id);
        for (const season of seasons) {
          const seasonFields = { title: season.title ?? null, releaseDate: season.releaseDate ? day(season.releaseDate) : null };
          const seasonRow = await tx.season.upsert({
            where: { showId_number: { showId: row.id, number: season.number } },
            create: { showId: row.id, number: season.number, ...seasonFields },
            update: seasonFields,
          });
          seasonIds.set(`${show.slug}#${season.number}`, seasonRow.id);
        }
        await tx.showProductionCompany.createMany({
          data: companySlugs.map((slug) => ({ showId: row.id, companyId: companyIds.get(slug)! })),
          skipDuplicates: true,
        });
      }

      for (const person of people) {
        const { credits, ...fields } = person;
        const row = await tx.person.upsert({ where: { slug: person.slug }, create: fields, update: fields });
        await tx.credit.deleteMany({ where: { personId: row.id } });
        await tx.credit.createMany({
          data: credits.map((credit) => ({
            personId: row.id,
            showId: showIds.get(credit.show)!,
            role: credit.role,
            characterName: credit.character ?? null,
            position: people.indexOf(person),
          })),
        });
      }

      const ratedShows = [...new Set(ratings.map((rating) => showIds.get(rating.show)!))];
      await tx.rating.deleteMany({ where: { showId: { in: ratedShows } } });
      await tx.rating.createMany({
        data: ratings.map(({ show, asOf, ...rating }) => ({ ...rating, showId: showIds.get(show)!, asOf: day(asOf) })),
      });

      for (const [weekEnd, rank, show, season, showTitle, seasonTitle, hoursViewed, weeks] of chartRows) {
        const key = { category: "TV_ENGLISH" as const, region: "GLOBAL", weekEnd: day(weekEnd), rank };
        const fields = {
          weekStart: mondayBefore(weekEnd),
          showId: showIds.get(show)!,
          seasonId: seasonIds.get(`${show}#${season}`)!,
          showTitle,
          seasonTitle,
          hoursViewed,
          cumulativeWeeksInTop10: weeks,
        };
        await tx.chartEntry.upsert({
          where: { category_region_weekEnd_rank: key },
          create: { ...key, ...fields },
          update: fields,
        });
      }

      const author = await tx.user.upsert({ where: { email: newsroom.email }, create: newsroom, update: {} });
      const articleIds = new Map<string, number>();
      for (const { show, publishedAt, ...article } of articles) {
        const showId = showIds.get(show)!;
        const fields = {
          ...article,
          authorId: author.id,
          renewalShowId: showId,
          publishedAt: publishedAt ? new Date(publishedAt) : null,
        };
        // Slugs are unique only among published articles (see the schema), so no upsert by slug.
        const row =
          (await tx.article.findFirst({ where: { slug: article.slug } })) ?? (await tx.article.create({ data: fields }));
        articleIds.set(article.slug, row.id);
        await tx.articleShow.createMany({ data: [{ articleId: row.id, showId }], skipDuplicates: true });
        // The seeded text is the article's first saved revision, as if an editor had typed it.
        const { status: _status, ...content } = article;
        const revision = await tx.articleRevision.upsert({
          where: { articleId_number: { articleId: row.id, number: 1 } },
          create: {
            ...content,
            articleId: row.id,
            number: 1,
            renewalShowId: showId,
            showIds: [showId],
            changedFields: ["title", "slug", "summary", "body", "renewal", "shows"],
            reason: "CREATE",
            editorId: author.id,
          },
          update: {},
        });
        if (article.status === "PUBLISHED") {
          await tx.article.update({ where: { id: row.id }, data: { publishedRevisionId: revision.id } });
        }
      }

      for (const [show, status, seasonNumber, announcedAt, article] of statusFacts) {
        const showId = showIds.get(show)!;
        // A seeded fact is inserted once: an editor's retraction of it survives the next seed.
        const fact =
          (await tx.statusChange.findFirst({ where: { showId, status, seasonNumber, origin: "SEED" } })) ??
          (await tx.statusChange.create({ data: { showId, status, seasonNumber, announcedAt: announcedAt ? day(announcedAt) : null, origin: "SEED" } }));
        if (article) {
          await tx.statusChangeSource.createMany({ data: [{ statusChangeId: fact.id, articleId: articleIds.get(article)! }], skipDuplicates: true });
        }
      }
      for (const showId of showIds.values()) await refreshShowStatus(tx, showId);
      if (passwordHash) {
        for (const user of developmentUsers) {
          await tx.user.upsert({ where: { email: user.email }, create: { ...user, passwordHash }, update: {} });
        }
      }
    },
    { timeout: 60_000 },
  );
}
