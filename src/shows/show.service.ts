import { RequestService } from "../common/service.js";
import { rowIdOf } from "../common/node.js";
import { canSeeUnpublished } from "../common/context.js";
import { inAnnouncementOrder, previousStatuses } from "./status-facts.js";
import { groupByKey, indexByKey } from "../common/request-scope.js";
import { decimalToNumber } from "../common/decimal.js";
import { Prisma } from "../db/prisma.js";
import type { Rating, Season, Show, StatusChange } from "./show.types.js";
import { findPage, orderingFor, type Connection } from "../common/connection.js";
import { booleanWhere, definite } from "../common/filters.js";
import type { Lookup } from "../common/lookup.js";
import { planPrefetch, prefetchableFields, type Prefetch, type PrefetchPlan, type ResolveTree } from "../common/prefetch.js";
import { columnsFor, type RowColumns } from "../common/columns.js";
import { dateRangeFilter } from "../common/ranges.js";
import { showOrderings, type ShowConnectionArgs, type ShowWhere } from "./show.args.js";

type SeasonRow = Prisma.SeasonGetPayload<object>;
type RatingRow = Prisma.RatingGetPayload<object>;

export function toSeason(row: SeasonRow): Season {
  return { ...row, runtimeHours: decimalToNumber(row.runtimeHours) };
}

export function toRating(row: RatingRow): Rating {
  return { ...row, score: decimalToNumber(row.score) };
}

const seasonsInOrder = { orderBy: [{ number: "asc" }] } satisfies Prisma.SeasonFindManyArgs;
// Ties (one source read twice on one day) by id, as the compiled path (shows/show.sql.ts) orders them.
const ratingsInOrder = { orderBy: [{ source: "asc" }, { asOf: "desc" }, { id: "asc" }] } satisfies Prisma.RatingFindManyArgs;
type FactRow = Prisma.StatusChangeGetPayload<{ include: { sources: { select: { articleId: true } } } }>;

/** Facts as the API serves them: in announcement order, each with the status it changed from. */
function toStatusHistory(rows: FactRow[]): StatusChange[] {
  const previous = previousStatuses(rows);
  return [...rows].sort(inAnnouncementOrder).map(({ sources, createdAt, ...fact }) => ({
    ...fact,
    createdAt,
    recordedAt: createdAt,
    previousStatus: previous.get(fact.id) ?? null,
    sourceArticleIds: sources.map((source) => source.articleId),
  }));
}

/** Show's fields beyond its columns are relations, which need no column but the id (see common/columns.ts). */
function showColumns(): RowColumns {
  return { columns: Prisma.ShowScalarFieldEnum, computed: Object.fromEntries(prefetchableFields("Show").map((field) => [field, []])) };
}

/** The Prisma arguments that read shows with a prefetch plan: the needed columns and relations, or whole rows with them. */
function readShows(plan: PrefetchPlan, columns: Record<string, true> | undefined): { select: Prisma.ShowSelect } | { include?: Prisma.ShowInclude } {
  return columns ? { select: { ...columns, ...plan.include } } : { include: plan.include };
}

export class ShowService extends RequestService {
  private showsById() {
    return this.context.scope.loader<number, Show | null>("shows.byId", async (ids) =>
      indexByKey(ids, await this.prisma.show.findMany({ where: { id: { in: [...ids] } } }), (show) => show.id),
    );
  }

  findById(id: number): Promise<Show | null> {
    return this.showsById().load(id);
  }

  /**
   * One show; with `selections` (see planPrefetch) the nested fields selected on it are read in the
   * same statement.
   */
  async find(lookup: Lookup, selections: Record<string, ResolveTree>[] = []): Promise<Show | null> {
    const plan = planPrefetch("Show", selections, this.context);
    if ("id" in lookup && !plan.include) return this.findById(lookup.id);
    const where = "id" in lookup ? { id: lookup.id } : { slug: lookup.slug };
    const show = await this.prisma.show.findUnique({ where, ...readShows(plan, columnsFor(showColumns(), selections)) } as Prisma.ShowFindUniqueArgs);
    if (!show && "slug" in lookup) {
      // A former slug (the show was renamed) still finds it.
      const alias = await this.prisma.showSlugAlias.findUnique({ where: { slug: lookup.slug }, select: { showId: true } });
      return alias ? this.find({ id: alias.showId }, selections) : null;
    }
    return show && plan.attach([show as Show])[0]!;
  }

  list(args: ShowConnectionArgs, selections: Record<string, ResolveTree>[] = []): Promise<Connection<Show>> {
    const plan = planPrefetch("Show", selections, this.context);
    const ordering = orderingFor(showOrderings, args.orderBy);
    const read = readShows(plan, columnsFor(showColumns(), selections, ordering.keys.map((key) => key.field)));
    return findPage(
      args,
      ordering,
      showWhere(args.where),
      async (query) => plan.attach((await this.prisma.show.findMany({ ...(query as Prisma.ShowFindManyArgs), ...read })) as Show[]),
      (where) => this.prisma.show.count({ where }),
    );
  }

  /** The show's seasons, read in the show's statement with what is selected on them (their chart runs, say). */
  prefetchSeasons(selections: Record<string, ResolveTree>[]): Prefetch {
    const plan = planPrefetch("Season", selections, this.context);
    return {
      include: { seasons: { ...seasonsInOrder, ...(plan.include ? { include: plan.include } : {}) } },
      read: (row) => plan.attach(((row as { seasons?: SeasonRow[] }).seasons ?? []).map(toSeason)),
    };
  }

  prefetchSeasonCount(): Prefetch {
    return { include: { _count: { select: { seasons: true } } }, read: (row) => (row as { _count: { seasons: number } })._count.seasons };
  }

  prefetchRatings(): Prefetch {
    return { include: { ratings: ratingsInOrder }, read: (row) => ((row as { ratings?: RatingRow[] }).ratings ?? []).map(toRating) };
  }

  /** Which facts the viewer may see: editors see retracted ones too, with their retraction; readers only the standing ones. */
  private visibleFacts(): Prisma.StatusChangeWhereInput {
    return canSeeUnpublished(this.context.viewer) ? {} : { retractedAt: null };
  }

  private readonly factSources = { sources: { select: { articleId: true }, orderBy: [{ createdAt: "asc" }, { articleId: "asc" }] } } satisfies Prisma.StatusChangeInclude;

  prefetchStatusHistory(): Prefetch {
    return {
      include: { statusChanges: { where: this.visibleFacts(), include: this.factSources } },
      read: (row) => toStatusHistory((row as { statusChanges?: FactRow[] }).statusChanges ?? []),
    };
  }

  /** One fact as the viewer may see it, with the status it changed from; null when unknown or not visible. */
  async statusChange(id: number): Promise<StatusChange | null> {
    const fact = await this.prisma.statusChange.findFirst({ where: { id, ...this.visibleFacts() }, select: { showId: true } });
    if (!fact) return null;
    return (await this.statusHistoryOf(fact.showId)).find((change) => change.id === id) ?? null;
  }

  /** Shows whose standing renewal status was announced on `day` (a UTC date), with the status they got. */
  async statusChangesOn(day: Date): Promise<{ show: Show; status: StatusChange["status"] }[]> {
    const changes = await this.prisma.statusChange.findMany({
      where: { announcedAt: day, retractedAt: null },
      include: { show: true },
      orderBy: [{ show: { title: "asc" } }],
    });
    return changes.map((change) => ({ show: change.show, status: change.status }));
  }

  seasonsOf(showId: number): Promise<Season[]> {
    return this.context.scope
      .loader<number, Season[]>("shows.seasonsByShow", async (showIds) => {
        const rows = await this.prisma.season.findMany({
          where: { showId: { in: [...showIds] } },
          orderBy: [{ showId: "asc" }, ...seasonsInOrder.orderBy],
        });
        return groupByKey(showIds, rows.map(toSeason), (season) => season.showId);
      })
      .load(showId);
  }

  seasonById(id: number): Promise<Season | null> {
    return this.context.scope
      .loader<number, Season | null>("shows.seasonById", async (ids) =>
        indexByKey(
          ids,
          (await this.prisma.season.findMany({ where: { id: { in: [...ids] } } })).map(toSeason),
          (season) => season.id,
        ),
      )
      .load(id);
  }

  ratingsOf(showId: number): Promise<Rating[]> {
    return this.context.scope
      .loader<number, Rating[]>("shows.ratingsByShow", async (showIds) => {
        const rows = await this.prisma.rating.findMany({
          where: { showId: { in: [...showIds] } },
          ...ratingsInOrder,
        });
        return groupByKey(showIds, rows.map(toRating), (rating) => rating.showId);
      })
      .load(showId);
  }

  statusHistoryOf(showId: number): Promise<StatusChange[]> {
    return this.context.scope
      .loader<number, StatusChange[]>("shows.statusChangesByShow", async (showIds) => {
        const rows = await this.prisma.statusChange.findMany({
          where: { showId: { in: [...showIds] }, ...this.visibleFacts() },
          include: this.factSources,
        });
        return groupByKey(showIds, rows, (change) => change.showId).map(toStatusHistory);
      })
      .load(showId);
  }
}

/** Prisma conditions for a `ShowWhere` filter (also used where other domains list shows). */
export function showWhere(filter: ShowWhere | undefined, path = "where"): Prisma.ShowWhereInput {
  return booleanWhere(filter, showConditions, path);
}

/** One level of a `ShowWhere`: its own conditions, AND/OR/NOT aside. */
function showConditions(filter: ShowWhere, path: string): Prisma.ShowWhereInput {
  return {
    status: filter.status ? { in: filter.status } : undefined,
    platform: filter.platform ? { in: filter.platform } : undefined,
    kind: filter.kind ? { in: filter.kind } : undefined,
    originalLanguage: definite(filter.originalLanguage ? { in: filter.originalLanguage } : undefined),
    genres: filter.genre ? { has: filter.genre } : undefined,
    title: filter.titleContains ? { contains: filter.titleContains, mode: "insensitive" } : undefined,
    premiereDate: definite(dateRangeFilter(filter.premiereDate, `${path}.premiereDate`)),
    productionCompanies: filter.productionCompanyId ? { some: { companyId: rowIdOf("ProductionCompany", filter.productionCompanyId, `${path}.productionCompanyId`) } } : undefined,
    credits: filter.personId ? { some: { personId: rowIdOf("Person", filter.personId, `${path}.personId`) } } : undefined,
  };
}
