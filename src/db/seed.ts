import { hashPassword } from "../auth/password.js";
import { matchKey } from "../charts/import/titles.js";
import { refreshSeasonChartStats } from "../charts/season-stats.js";
import type { PrismaClient } from "./prisma.js";
import { articles, chartRows, companies, newsroom, people, ratings, shows, statusFacts } from "./seed/data.js";
import { refreshShowStatus } from "../shows/status-facts.js";
import { editorOwnedFields, recordProvenance, type CuratedEntity } from "../provenance/provenance.js";
import type { Prisma } from "./prisma.js";

const day = (iso: string) => new Date(`${iso}T00:00:00.000Z`);
const mondayBefore = (sunday: string) => new Date(day(sunday).getTime() - 6 * 86_400_000);

export async function isDatabaseEmpty(prisma: PrismaClient): Promise<boolean> {
  return (await prisma.show.count()) === 0;
}

/** Documented in README ("Development users"); created only when NODE_ENV=development is set explicitly. */
export const DEVELOPMENT_PASSWORD = "greenlight-dev-password";
export const developmentUsers = [
  { email: "admin@greenlight.test", name: "Ada Admin", role: "ADMIN" },
  { email: "editor@greenlight.test", name: "Eddie Editor", role: "EDITOR" },
  { email: "writer@greenlight.test", name: "Wren Writer", role: "WRITER" },
] as const;

const isEmpty = (value: unknown) => value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0);

const MODEL = { Show: "show", Season: "season", Person: "person", ProductionCompany: "productionCompany" } as const;

/**
 * The seed's values for an existing row: it fills only fields that are still empty there and that no editor
 * set, so re-running the seed never overwrites an edit (nor an import's value), and records them as SEED.
 */
async function fillMissing<Row extends { id: number }>(tx: Prisma.TransactionClient, type: CuratedEntity, row: Row, seed: Record<string, unknown>): Promise<Row> {
  const owned = (await editorOwnedFields(tx, type, [row.id])).get(row.id);
  const current = row as unknown as Record<string, unknown>;
  const missing = Object.entries(seed).filter(([field, value]) => !isEmpty(value) && isEmpty(current[field]) && !owned?.has(field));
  if (missing.length === 0) return row;
  // The four curated tables share the update signature this needs; Prisma's per-model types do not unify.
  const delegate = tx[MODEL[type]] as unknown as { update(args: { where: { id: number }; data: object }): Promise<Row> };
  const updated = await delegate.update({ where: { id: row.id }, data: Object.fromEntries(missing) });
  await recordProvenance(tx, { type, id: row.id }, missing.map(([field]) => field), { origin: "SEED" });
  return updated;
}

/**
 * Loads the seed in one transaction. Every row is keyed by a natural key (slug, week and rank...) and the seed
 * only inserts what is missing, so running it again changes nothing an editor did.
 */
export async function seedDatabase(prisma: PrismaClient, options: { developmentUsers: boolean }): Promise<void> {
  const passwordHash = options.developmentUsers ? await hashPassword(DEVELOPMENT_PASSWORD) : null;
  await prisma.$transaction(
    async (tx) => {
      const seeded = { origin: "SEED" } as const;
      const companyIds = new Map<string, number>();
      for (const company of companies) {
        const existing = (await tx.productionCompany.findUnique({ where: { slug: company.slug } })) ?? (await tx.productionCompany.findFirst({ where: { name: company.name } }));
        const row = existing ? await fillMissing(tx, "ProductionCompany", existing, company) : await tx.productionCompany.create({ data: company });
        if (!existing) await recordProvenance(tx, { type: "ProductionCompany", id: row.id }, Object.keys(company), seeded);
        companyIds.set(company.slug, row.id);
      }

      const showIds = new Map<string, number>();
      /** Per show, the lists (seasons, credits ...) an editor has edited: the seed adds nothing to those. */
      const showLists = new Map<number, Set<string>>();
      const seasonIds = new Map<string, number>();
      for (const { seasons, companies: companySlugs, ...show } of shows) {
        const fields = { ...show, premiereDate: show.premiereDate ? day(show.premiereDate) : null };
        const key = matchKey(show.title, show.kind === "FILM" ? "film" : "tv");
        // An editor may have renamed the show (its old slug is an alias) or an import may have created it first.
        const existing =
          (await tx.show.findUnique({ where: { slug: show.slug } })) ??
          (await tx.showSlugAlias.findUnique({ where: { slug: show.slug }, select: { show: true } }))?.show ??
          (await tx.show.findUnique({ where: { matchKey: key } }));
        const row = existing ? await fillMissing(tx, "Show", existing, fields) : await tx.show.create({ data: { ...fields, matchKey: key } });
        if (!existing) await recordProvenance(tx, { type: "Show", id: row.id }, Object.keys(fields), seeded);
        showIds.set(show.slug, row.id);
        const ownedLists = (await editorOwnedFields(tx, "Show", [row.id])).get(row.id) ?? new Set<string>();
        showLists.set(row.id, ownedLists);
        for (const season of seasons) {
          const seasonFields = { title: season.title ?? null, releaseDate: season.releaseDate ? day(season.releaseDate) : null };
          const current = await tx.season.findUnique({ where: { showId_number: { showId: row.id, number: season.number } } });
          // A season an editor deleted stays deleted.
          if (!current && ownedLists.has("seasons")) continue;
          const seasonRow = current ? await fillMissing(tx, "Season", current, seasonFields) : await tx.season.create({ data: { showId: row.id, number: season.number, ...seasonFields } });
          if (!current) await recordProvenance(tx, { type: "Season", id: seasonRow.id }, ["number", ...Object.keys(seasonFields)], seeded);
          seasonIds.set(`${show.slug}#${season.number}`, seasonRow.id);
        }
        if (!ownedLists.has("productionCompanies")) await tx.showProductionCompany.createMany({
          data: companySlugs.map((slug) => ({ showId: row.id, companyId: companyIds.get(slug)! })),
          skipDuplicates: true,
        });
      }

      for (const person of people) {
        const { credits, ...fields } = person;
        const existing =
          (await tx.person.findUnique({ where: { slug: person.slug } })) ??
          (await tx.personSlugAlias.findUnique({ where: { slug: person.slug }, select: { person: true } }))?.person;
        const row = existing ? await fillMissing(tx, "Person", existing, { bio: null, ...fields }) : await tx.person.create({ data: fields });
        if (!existing) await recordProvenance(tx, { type: "Person", id: row.id }, Object.keys(fields), seeded);
        for (const credit of credits) {
          const showId = showIds.get(credit.show)!;
          // Once an editor has edited the show's credits they are theirs; otherwise only a missing credit is added.
          if (showLists.get(showId)!.has("credits")) continue;
          if (existing && (await tx.credit.findFirst({ where: { personId: row.id, showId, role: credit.role }, select: { id: true } }))) continue;
          await tx.credit.create({
            data: { personId: row.id, showId, role: credit.role, characterName: credit.character ?? null, position: people.indexOf(person) },
          });
        }
      }

      for (const { show, asOf, ...rating } of ratings) {
        const showId = showIds.get(show)!;
        const key = { showId, source: rating.source, asOf: day(asOf) };
        if (showLists.get(showId)!.has("ratings")) continue;
        if (!(await tx.rating.findFirst({ where: key, select: { id: true } }))) await tx.rating.create({ data: { ...rating, ...key } });
      }

      for (const [weekEnd, rank, show, season, showTitle, seasonTitle, hoursViewed, weeks] of chartRows) {
        const key = { category: "TV_ENGLISH" as const, region: "GLOBAL", weekEnd: day(weekEnd), rank };
        const fields = {
          weekStart: mondayBefore(weekEnd),
          showId: showIds.get(show)!,
          seasonId: seasonIds.get(`${show}#${season}`) ?? null,
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
      await refreshSeasonChartStats(tx, showIds.values());

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
