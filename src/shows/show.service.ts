import { RequestService } from "../common/service.js";
import { groupByKey, indexByKey } from "../common/request-scope.js";
import { decimalToNumber } from "../common/decimal.js";
import type { Prisma } from "../db/prisma.js";
import type { Rating, Season, Show, StatusChange } from "./show.types.js";
import type { ShowListArgs } from "./show.args.js";
import type { Lookup } from "../common/lookup.js";

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

  list(args: ShowListArgs): Promise<Show[]> {
    return this.prisma.show.findMany({
      where: {
        status: args.status,
        platform: args.platform,
        kind: args.kind,
        genres: args.genre ? { has: args.genre } : undefined,
      },
      orderBy: [{ title: "asc" }, { id: "asc" }],
      take: args.first,
      skip: args.skip,
    });
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
