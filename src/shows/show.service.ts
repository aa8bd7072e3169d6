import { RequestService } from "../common/service.js";
import { groupByKey, indexByKey } from "../common/request-scope.js";
import { decimalToNumber } from "../common/decimal.js";
import type { Prisma } from "../db/prisma.js";
import type { Rating, Season, Show, StatusChange } from "./show.types.js";
import { findPage, type Connection } from "../common/connection.js";
import type { Lookup } from "../common/lookup.js";
import { dateRangeFilter } from "../common/ranges.js";
import { showOrderings, type ShowConnectionArgs, type ShowWhere } from "./show.args.js";

type SeasonRow = Prisma.SeasonGetPayload<object>;
type RatingRow = Prisma.RatingGetPayload<object>;

function toSeason(row: SeasonRow): Season {
  return { ...row, runtimeHours: decimalToNumber(row.runtimeHours) };
}

function toRating(row: RatingRow): Rating {
  return { ...row, score: decimalToNumber(row.score) };
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

  find(lookup: Lookup): Promise<Show | null> {
    return "id" in lookup ? this.findById(lookup.id) : this.prisma.show.findUnique({ where: { slug: lookup.slug } });
  }

  list(args: ShowConnectionArgs): Promise<Connection<Show>> {
    return findPage(
      args,
      showOrderings[args.orderBy],
      showWhere(args.where),
      (query) => this.prisma.show.findMany(query as Prisma.ShowFindManyArgs),
      (where) => this.prisma.show.count({ where }),
    );
  }

  /** Shows whose renewal status changed on `day` (a UTC date), with the status they got. */
  async statusChangesOn(day: Date): Promise<{ show: Show; status: StatusChange["status"] }[]> {
    const changes = await this.prisma.statusChange.findMany({
      where: { announcedAt: day },
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
          orderBy: [{ showId: "asc" }, { number: "asc" }],
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
          orderBy: [{ source: "asc" }, { asOf: "desc" }],
        });
        return groupByKey(showIds, rows.map(toRating), (rating) => rating.showId);
      })
      .load(showId);
  }

  statusHistoryOf(showId: number): Promise<StatusChange[]> {
    return this.context.scope
      .loader<number, StatusChange[]>("shows.statusChangesByShow", async (showIds) => {
        const rows = await this.prisma.statusChange.findMany({
          where: { showId: { in: [...showIds] } },
          orderBy: [{ announcedAt: "asc" }, { id: "asc" }],
        });
        return groupByKey(showIds, rows, (change) => change.showId);
      })
      .load(showId);
  }
}

/** Prisma conditions for a `ShowWhere` filter (also used where other domains list shows). */
export function showWhere(filter: ShowWhere | undefined, path = "where"): Prisma.ShowWhereInput {
  if (!filter) return {};
  return {
    status: filter.status ? { in: filter.status } : undefined,
    platform: filter.platform ? { in: filter.platform } : undefined,
    kind: filter.kind ? { in: filter.kind } : undefined,
    genres: filter.genre ? { has: filter.genre } : undefined,
    title: filter.titleContains ? { contains: filter.titleContains, mode: "insensitive" } : undefined,
    premiereDate: dateRangeFilter(filter.premiereDate, `${path}.premiereDate`),
    productionCompanies: filter.productionCompanyId ? { some: { companyId: Number(filter.productionCompanyId) } } : undefined,
    credits: filter.personId ? { some: { personId: Number(filter.personId) } } : undefined,
  };
}
