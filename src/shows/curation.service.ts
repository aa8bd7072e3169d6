import { recordAudit } from "../common/audit.js";
import { globalId, rowIdOf } from "../common/node.js";
import { badUserInput, conflict, notFound, unauthenticated } from "../common/errors.js";
import { decimalToNumber } from "../common/decimal.js";
import { recordProvenance } from "../provenance/provenance.js";
import { publicContentChanged } from "../common/public-content.js";
import { RequestService, serviceFor } from "../common/service.js";
import { lockAtVersion, savedBy } from "../common/versioning.js";
import { firstFreeSlug, slugFromTitle } from "../articles/slug.js";
import { matchKey } from "../charts/import/titles.js";
import { Prisma } from "../db/prisma.js";
import { enqueueWebhookEvent } from "../webhooks/outbox.js";
import type { CreateSeasonInput, CreateShowInput, RecordRatingInput, UpdateSeasonInput, UpdateShowInput } from "./curation.inputs.js";
import { ShowService } from "./show.service.js";
import type { Rating, Season, Show } from "./show.types.js";

export type Tx = Prisma.TransactionClient;

/** The fields of a show an editor curates (its status comes from status facts, never from here). */
const SHOW_FIELDS = ["title", "slug", "synopsis", "genres", "kind", "platform", "isOriginal", "originalLanguage", "premiereDate", "countries", "runtimeMinutes", "contentRating"] as const;
const SEASON_FIELDS = ["number", "title", "episodeCount", "runtimeHours", "releaseDate"] as const;

/** The lists of a show that editors edit item by item; their provenance is recorded on the show under these names. */
export type ShowPart = "seasons" | "credits" | "productionCompanies" | "ratings";
const PART_OF_ACTION: Record<string, ShowPart> = { season: "seasons", credit: "credits", company: "productionCompanies", rating: "ratings" };

/** The fields of `input` given (present, even if null) among `fields`. */
export function givenFields<K extends string>(input: object, fields: readonly K[]): Partial<Record<K, unknown>> {
  return Object.fromEntries(fields.filter((field) => (input as Record<string, unknown>)[field] !== undefined).map((field) => [field, (input as Record<string, unknown>)[field]])) as Partial<Record<K, unknown>>;
}

/** Fields whose value differs between `before` and `after` (dates and arrays compared by value). */
export function differingFields(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  // Decimal columns arrive as Prisma Decimals, inputs as numbers: compare them as numbers.
  const comparable = (value: unknown) => (value instanceof Prisma.Decimal ? value.toNumber() : (value ?? null));
  return Object.keys(after).filter((field) => JSON.stringify(comparable(before[field])) !== JSON.stringify(comparable(after[field])));
}

/** Whether another show than `showId` has `slug`, as its slug or as a former one. */
export async function showSlugTaken(tx: Tx, slug: string, showId: number | null): Promise<boolean> {
  const [show, alias] = await Promise.all([
    tx.show.findFirst({ where: { slug, ...(showId ? { id: { not: showId } } : {}) }, select: { id: true } }),
    tx.showSlugAlias.findFirst({ where: { slug, ...(showId ? { showId: { not: showId } } : {}) } }),
  ]);
  return Boolean(show || alias);
}

/**
 * Editors' edits of the show graph around a show: the show itself and its parts (seasons here; credits, company
 * links and ratings in their domains use `showEdited`). Every edit runs in one transaction holding the show's row
 * lock at the `baseVersion` it names, bumps the version, records the fields' provenance, its audit entry and a
 * `show.updated` event; the response cache is invalidated after commit.
 */
export class ShowCurationService extends RequestService {
  private get actorId(): number {
    // Resolvers are @Authorized already; this keeps the service safe on its own.
    if (!this.context.viewer) throw unauthenticated("Sign in to edit shows.");
    return this.context.viewer.id;
  }

  private async transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const result = await this.prisma.$transaction(work, { timeout: 15_000, maxWait: 10_000 });
    publicContentChanged();
    return result;
  }

  /** Runs an edit of a show's part inside the show's lock at `baseVersion`, then audits and announces it. */
  editShowPart<T>(
    showId: number,
    baseVersion: number,
    action: `${"season" | "credit" | "company" | "rating"}.${string}`,
    work: (tx: Tx) => Promise<{ result: T; details: Record<string, unknown> }>,
    fields = { id: "input.showId", baseVersion: "input.baseVersion" },
  ): Promise<T> {
    const actorId = this.actorId;
    return this.transaction(async (tx) => {
      await lockAtVersion(tx, "Show", showId, baseVersion, fields);
      const { result, details } = await work(tx);
      // The list as a whole is now the editor's: the seed no longer adds to it what it thinks is missing.
      await recordProvenance(tx, { type: "Show", id: showId }, [PART_OF_ACTION[action.split(".")[0]!]!], { origin: "EDITOR", userId: actorId });
      await this.showEdited(tx, showId, action, details, actorId);
      return result;
    });
  }

  /** Bumps the show's version and writes the audit entry and the `show.updated` event of an edit. */
  private async showEdited(tx: Tx, showId: number, action: string, details: Record<string, unknown>, actorId: number): Promise<Show> {
    const show = await tx.show.update({ where: { id: showId }, data: savedBy(actorId) });
    await recordAudit(tx, { actorId, action, entityType: "Show", entityId: showId, details: { version: show.version, ...details } as Prisma.InputJsonObject });
    await enqueueWebhookEvent(tx, "show.updated", {
      showId: globalId("Show", showId),
      showRowId: showId,
      slug: show.slug,
      title: show.title,
      version: show.version,
      change: action,
      ...details,
    } as Prisma.InputJsonObject);
    return show;
  }

  async createShow(input: CreateShowInput): Promise<Show> {
    const actorId = this.actorId;
    const id = await this.transaction(async (tx) => {
      const slug = input.slug ? await this.claimSlug(tx, input.slug, null) : await firstFreeSlug(slugFromTitle(input.title), (candidate) => this.slugTaken(tx, candidate, null));
      const key = matchKey(input.title, input.kind === "FILM" ? "film" : "tv");
      // A chart import finds shows by match key; a second show of the same title is left for an editor to tell apart.
      const keyFree = !(await tx.show.findUnique({ where: { matchKey: key }, select: { id: true } }));
      const fields = { ...givenFields(input, SHOW_FIELDS), slug } as Prisma.ShowUncheckedCreateInput;
      const show = await tx.show.create({ data: { ...fields, matchKey: keyFree ? key : null, updatedById: actorId } });
      await recordProvenance(tx, { type: "Show", id: show.id }, Object.keys(fields), { origin: "EDITOR", userId: actorId });
      await recordAudit(tx, { actorId, action: "show.created", entityType: "Show", entityId: show.id, details: { slug, title: show.title } });
      await enqueueWebhookEvent(tx, "show.updated", { showId: globalId("Show", show.id), showRowId: show.id, slug, title: show.title, version: show.version, change: "show.created" });
      return show.id;
    });
    return (await serviceFor(this.context, ShowService).findById(id))!;
  }

  async updateShow(input: UpdateShowInput): Promise<Show> {
    const actorId = this.actorId;
    const id = rowIdOf("Show", input.id, "input.id");
    return this.transaction(async (tx) => {
      await lockAtVersion(tx, "Show", id, input.baseVersion, { id: "input.id", baseVersion: "input.baseVersion" });
      const before = await tx.show.findUniqueOrThrow({ where: { id } });
      const given = givenFields(input, SHOW_FIELDS);
      const changed = differingFields(before as unknown as Record<string, unknown>, given);
      if (changed.length === 0) return before;
      const data = Object.fromEntries(changed.map((field) => [field, given[field as keyof typeof given]])) as Prisma.ShowUpdateInput;
      if (changed.includes("slug")) {
        await this.claimSlug(tx, input.slug!, id);
        // The old slug keeps resolving; an alias equal to the new slug is no longer needed.
        await tx.showSlugAlias.deleteMany({ where: { slug: input.slug! } });
        await tx.showSlugAlias.create({ data: { slug: before.slug, showId: id } });
      }
      // The match key stays: a chart import keeps finding the show under the title Netflix's files use.
      await tx.show.update({ where: { id }, data });
      await recordProvenance(tx, { type: "Show", id }, changed, { origin: "EDITOR", userId: actorId });
      return this.showEdited(tx, id, "show.updated", { changed, ...(changed.includes("slug") ? { previousSlug: before.slug } : {}) }, actorId);
    });
  }

  /** Deleting loses what hangs on the show, so it is refused while anything does; duplicates are merged instead. */
  async deleteShow(id: number, baseVersion: number): Promise<boolean> {
    const actorId = this.actorId;
    return this.transaction(async (tx) => {
      await lockAtVersion(tx, "Show", id, baseVersion);
      const show = await tx.show.findUniqueOrThrow({
        where: { id },
        select: { slug: true, title: true, _count: { select: { chartEntries: true, articles: true, renewalArticles: true, statusChanges: true } } },
      });
      const held = Object.entries({
        "chart rows": show._count.chartEntries,
        articles: show._count.articles + show._count.renewalArticles,
        "status facts": show._count.statusChanges,
      }).filter(([, count]) => count > 0);
      if (held.length > 0) {
        throw conflict(
          `Show ${id} still has ${held.map(([what, count]) => `${count} ${what}`).join(", ")}; deleting it would lose them. ` +
            "If it duplicates another show, merge it into that show instead.",
          { field: "id" },
        );
      }
      const seasonIds = (await tx.season.findMany({ where: { showId: id }, select: { id: true } })).map((season) => season.id);
      await tx.show.delete({ where: { id } });
      // Provenance rows name their record loosely (no foreign key across four tables): they go with it.
      await tx.fieldProvenance.deleteMany({ where: { OR: [{ entityType: "Show", entityId: id }, { entityType: "Season", entityId: { in: seasonIds } }] } });
      await recordAudit(tx, { actorId, action: "show.deleted", entityType: "Show", entityId: id, details: { slug: show.slug, title: show.title } });
      await enqueueWebhookEvent(tx, "show.updated", { showId: globalId("Show", id), showRowId: id, slug: show.slug, title: show.title, change: "show.deleted" });
      return true;
    });
  }

  async createSeason(input: CreateSeasonInput): Promise<Season> {
    const actorId = this.actorId;
    const showId = rowIdOf("Show", input.showId, "input.showId");
    const id = await this.editShowPart(showId, input.baseVersion, "season.created", async (tx) => {
      await this.assertSeasonNumberFree(tx, showId, input.number, null);
      const fields = givenFields(input, SEASON_FIELDS) as Omit<Prisma.SeasonUncheckedCreateInput, "showId">;
      const season = await tx.season.create({ data: { ...fields, showId, number: input.number } });
      await recordProvenance(tx, { type: "Season", id: season.id }, Object.keys(fields), { origin: "EDITOR", userId: actorId });
      return { result: season.id, details: { seasonId: globalId("Season", season.id), number: season.number } };
    });
    return (await serviceFor(this.context, ShowService).seasonById(id))!;
  }

  async updateSeason(input: UpdateSeasonInput): Promise<Season> {
    const actorId = this.actorId;
    const id = rowIdOf("Season", input.id, "input.id");
    const season = await this.prisma.season.findUnique({ where: { id }, select: { showId: true } });
    if (!season) throw notFound(`No season with id ${globalId("Season", id)}.`, "input.id");
    await this.editShowPart(
      season.showId,
      input.baseVersion,
      "season.updated",
      async (tx) => {
        const before = await tx.season.findUniqueOrThrow({ where: { id } });
        const given = givenFields(input, SEASON_FIELDS);
        const changed = differingFields(before as unknown as Record<string, unknown>, given);
        if (changed.includes("number")) await this.assertSeasonNumberFree(tx, season.showId, input.number!, id);
        await tx.season.update({ where: { id }, data: Object.fromEntries(changed.map((field) => [field, given[field as keyof typeof given]])) });
        await recordProvenance(tx, { type: "Season", id }, changed, { origin: "EDITOR", userId: actorId });
        return { result: id, details: { seasonId: globalId("Season", id), number: input.number ?? before.number, changed } };
      },
      { id: "input.id", baseVersion: "input.baseVersion" },
    );
    return (await serviceFor(this.context, ShowService).seasonById(id))!;
  }

  async deleteSeason(id: number, baseVersion: number): Promise<boolean> {
    const season = await this.prisma.season.findUnique({ where: { id }, select: { showId: true } });
    if (!season) throw notFound(`No season with id ${globalId("Season", id)}.`, "id");
    return this.editShowPart(
      season.showId,
      baseVersion,
      "season.deleted",
      async (tx) => {
        const row = await tx.season.findUniqueOrThrow({ where: { id }, select: { number: true, _count: { select: { chartEntries: true } } } });
        if (row._count.chartEntries > 0) {
          throw conflict(`Season ${row.number} has ${row._count.chartEntries} chart rows; deleting it would detach them from their season.`, { field: "id" });
        }
        await tx.season.delete({ where: { id } });
        await tx.fieldProvenance.deleteMany({ where: { entityType: "Season", entityId: id } });
        return { result: true, details: { seasonId: globalId("Season", id), number: row.number } };
      },
      { id: "id", baseVersion: "baseVersion" },
    );
  }

  /** A new reading of a score: earlier readings stay, so the show keeps its ratings' history (newest first per source). */
  async recordRating(input: RecordRatingInput): Promise<Rating> {
    const showId = rowIdOf("Show", input.showId, "input.showId");
    const seasonId = input.seasonId ? rowIdOf("Season", input.seasonId, "input.seasonId") : null;
    if (input.score != null && input.score > input.scaleMax) {
      throw badUserInput(`score must be between 0 and scaleMax (${input.scaleMax}).`, "input.score");
    }
    const rating = await this.editShowPart(showId, input.baseVersion, "rating.recorded", async (tx) => {
      if (seasonId !== null && !(await tx.season.findFirst({ where: { id: seasonId, showId }, select: { id: true } }))) {
        throw badUserInput(`The show has no season with id ${input.seasonId}.`, "input.seasonId");
      }
      const row = await tx.rating.create({
        data: { showId, seasonId, source: input.source, score: input.score ?? null, scaleMax: input.scaleMax, voteCount: input.voteCount ?? null, asOf: input.asOf },
      });
      return { result: row, details: { ratingId: row.id, source: row.source, score: input.score ?? null, scaleMax: row.scaleMax } };
    });
    return { ...rating, score: decimalToNumber(rating.score) };
  }

  private async assertSeasonNumberFree(tx: Tx, showId: number, number: number, seasonId: number | null): Promise<void> {
    const taken = await tx.season.findUnique({ where: { showId_number: { showId, number } }, select: { id: true } });
    if (taken && taken.id !== seasonId) throw conflict(`The show already has a season ${number} (id ${taken.id}).`, { field: "input.number" });
  }

  private slugTaken(tx: Tx, slug: string, showId: number | null): Promise<boolean> {
    return showSlugTaken(tx, slug, showId);
  }

  private async claimSlug(tx: Tx, slug: string, showId: number | null): Promise<string> {
    if (await this.slugTaken(tx, slug, showId)) throw conflict(`The slug "${slug}" is already used by another show.`, { field: "input.slug" });
    return slug;
  }
}
