import { firstFreeSlug, slugFromTitle } from "../articles/slug.js";
import { globalId } from "../common/node.js";
import { holdImports } from "../charts/import/lock.js";
import { refreshSeasonChartStats } from "../charts/season-stats.js";
import { rematchMostPopular } from "../charts/import/most-popular.js";
import { listMatchKey } from "../charts/import/titles.js";
import { recordAudit } from "../common/audit.js";
import { badUserInput, conflict, unauthenticated } from "../common/errors.js";
import { publicContentChanged } from "../common/public-content.js";
import { RequestService, serviceFor } from "../common/service.js";
import { lockAtVersion, savedBy } from "../common/versioning.js";
import { recordProvenance } from "../provenance/provenance.js";
import { enqueueWebhookEvent } from "../webhooks/outbox.js";
import { showSlugTaken, type Tx } from "./curation.service.js";
import type { SplitShowInput } from "./merge.inputs.js";
import type { SplitShowPayload } from "./merge.types.js";
import { ShowService } from "./show.service.js";
import { refreshShowStatus, undecidedStatus } from "./status-facts.js";

/**
 * Splitting a mis-merged show: the chart rows of the season titles named move to a new show, with their seasons,
 * and routes send those season titles there in every later import. Audited; a merge of the new show back into
 * the old one reverses it (the routes follow the merge).
 */
export class ShowSplitService extends RequestService {
  private get actorId(): number {
    if (!this.context.viewer) throw unauthenticated("Sign in to split shows.");
    return this.context.viewer.id;
  }

  async split(input: SplitShowInput): Promise<SplitShowPayload> {
    const actorId = this.actorId;
    const showId = input.showIdNumber();
    const outcome = await this.prisma.$transaction(
      async (tx) => {
        await holdImports(tx);
        await lockAtVersion(tx, "Show", showId, input.baseVersion, { id: "input.showId", baseVersion: "input.baseVersion" });
        const rows = await tx.chartEntry.findMany({
          where: { showId, seasonTitle: { in: input.seasonTitles } },
          select: { id: true, seasonId: true, seasonTitle: true, showTitle: true, category: true },
        });
        const missing = input.seasonTitles.filter((title) => !rows.some((row) => row.seasonTitle === title));
        if (missing.length > 0) {
          throw badUserInput(`The show has no chart rows with the season title ${missing.map((title) => `"${title}"`).join(", ")}.`, "input.seasonTitles");
        }
        const total = await tx.chartEntry.count({ where: { showId } });
        if (total === rows.length) {
          throw badUserInput("Those are all of the show's chart rows: rename the show instead of splitting it.", "input.seasonTitles");
        }
        const newShow = await this.createShow(tx, input, actorId);
        const { seasonsMoved, seasonsCreated } = await this.moveSeasons(tx, newShow.id, rows);
        await tx.chartEntry.updateMany({ where: { id: { in: rows.map((row) => row.id) } }, data: { showId: newShow.id } });
        // Later imports send these season titles to the new show (the key is the one the importer computes for the row).
        const routes = new Map(rows.map((row) => [`${listMatchKey(row.showTitle, row.category)}\u0000${row.seasonTitle}`, row]));
        for (const [key] of routes) {
          const [matchKey, seasonTitle] = key.split("\u0000") as [string, string];
          await tx.showMatchRoute.upsert({
            where: { matchKey_seasonTitle: { matchKey, seasonTitle } },
            create: { matchKey, seasonTitle, showId: newShow.id },
            update: { showId: newShow.id },
          });
        }
        await refreshSeasonChartStats(tx, [showId, newShow.id]);
        // The routes now send the split season titles to the new show: so do the Most Popular entries.
        await rematchMostPopular(tx);
        await refreshShowStatus(tx, newShow.id);
        const show = await tx.show.update({ where: { id: showId }, data: savedBy(actorId) });
        const details = {
          showId,
          newShowId: newShow.id,
          newSlug: newShow.slug,
          seasonTitles: input.seasonTitles,
          chartEntriesMoved: rows.length,
          seasonsMoved,
          seasonsCreated,
          version: show.version,
        };
        await recordAudit(tx, { actorId, action: "show.split", entityType: "Show", entityId: showId, details });
        await recordAudit(tx, { actorId, action: "show.split", entityType: "Show", entityId: newShow.id, details });
        await enqueueWebhookEvent(tx, "show.updated", { showId: globalId("Show", showId), showRowId: showId, slug: show.slug, title: show.title, version: show.version, change: "show.split", newShowId: globalId("Show", newShow.id) });
        await enqueueWebhookEvent(tx, "show.updated", { showId: globalId("Show", newShow.id), showRowId: newShow.id, slug: newShow.slug, title: newShow.title, version: 1, change: "show.created", splitFrom: globalId("Show", showId) });
        return { newShowId: newShow.id, chartEntriesMoved: rows.length, seasonsMoved, seasonsCreated };
      },
      { timeout: 60_000, maxWait: 10_000 },
    );
    publicContentChanged();
    const shows = serviceFor(this.context, ShowService);
    return { ...outcome, show: (await shows.findById(showId))!, newShow: (await shows.findById(outcome.newShowId))! };
  }

  private async createShow(tx: Tx, input: SplitShowInput, actorId: number) {
    const { title, kind } = input.newShow;
    let slug = input.newShow.slug;
    if (slug && (await showSlugTaken(tx, slug, null))) throw conflict(`The slug "${slug}" is already used by another show.`, { field: "input.newShow.slug" });
    slug ??= await firstFreeSlug(slugFromTitle(title), (candidate) => showSlugTaken(tx, candidate, null));
    // No match key: the rows reach it through the routes, and its title is the old show's (a key would clash).
    const show = await tx.show.create({ data: { title, kind, slug, genres: [], status: undecidedStatus(kind), updatedById: actorId } });
    await recordProvenance(tx, { type: "Show", id: show.id }, ["title", "kind", "slug"], { origin: "EDITOR", userId: actorId });
    return show;
  }

  /**
   * A season whose every row moves, moves (with its ratings); a season that keeps rows on the old show stays, and
   * the new show gets a season of the same number and title for the rows that leave.
   */
  private async moveSeasons(tx: Tx, newShowId: number, rows: { id: number; seasonId: number | null }[]) {
    const seasonIds = [...new Set(rows.map((row) => row.seasonId).filter((id): id is number => id !== null))];
    const seasons = await tx.season.findMany({ where: { id: { in: seasonIds } }, select: { id: true, number: true, title: true, _count: { select: { chartEntries: true } } } });
    let seasonsMoved = 0;
    let seasonsCreated = 0;
    for (const season of seasons) {
      const leaving = rows.filter((row) => row.seasonId === season.id);
      if (leaving.length === season._count.chartEntries) {
        await tx.season.update({ where: { id: season.id }, data: { showId: newShowId } });
        await tx.rating.updateMany({ where: { seasonId: season.id }, data: { showId: newShowId } });
        seasonsMoved += 1;
      } else {
        const copy = await tx.season.create({ data: { showId: newShowId, number: season.number, title: season.title } });
        await tx.chartEntry.updateMany({ where: { id: { in: leaving.map((row) => row.id) } }, data: { seasonId: copy.id } });
        seasonsCreated += 1;
      }
    }
    return { seasonsMoved, seasonsCreated };
  }
}
