import { type Connection, type NestedPage, findPage, loaderKey, nestedConnections, nestedPageSelect, pageRequest } from "../common/connection.js";
import type { Lookup } from "../common/lookup.js";
import { groupByKey, indexByKey } from "../common/request-scope.js";
import { RequestService } from "../common/service.js";
import type { Prisma } from "../db/prisma.js";
import { creditOrdering, personOrderings, type CreditConnectionArgs, type PersonConnectionArgs } from "./person.args.js";
import type { Credit, CreditRole, Person } from "./person.types.js";

const billingOrder = [{ role: "asc" }, { position: "asc" }, { id: "asc" }] as const;

export class PeopleService extends RequestService {
  private peopleById() {
    return this.context.scope.loader<number, Person | null>("people.byId", async (ids) =>
      indexByKey(ids, await this.prisma.person.findMany({ where: { id: { in: [...ids] } } }), (person) => person.id),
    );
  }

  find(lookup: Lookup): Promise<Person | null> {
    return "id" in lookup
      ? this.peopleById().load(lookup.id)
      : this.prisma.person.findUnique({ where: { slug: lookup.slug } });
  }

  async findById(id: number): Promise<Person | null> {
    return this.peopleById().load(id);
  }

  list(args: PersonConnectionArgs): Promise<Connection<Person>> {
    const where: Prisma.PersonWhereInput = {
      name: args.where?.nameContains ? { contains: args.where.nameContains, mode: "insensitive" } : undefined,
      credits: args.where?.role ? { some: { role: { in: args.where.role } } } : undefined,
    };
    return findPage(
      args,
      personOrderings[args.orderBy],
      where,
      (query) => this.prisma.person.findMany(query as Prisma.PersonFindManyArgs),
      (where) => this.prisma.person.count({ where }),
    );
  }

  /** A page of credits per show or per person, batched: one statement for all parents of a request. */
  creditsOf(parent: "show" | "person", id: number, args: CreditConnectionArgs, withCount: boolean): Promise<Connection<Credit>> {
    const nested: NestedPage<Credit> = {
      relation: "credits",
      ordering: creditOrdering,
      page: pageRequest(args, creditOrdering),
      filter: args.role ? { role: { in: args.role } } : {},
      withCount,
    };
    return this.context.scope
      .loader<number, Connection<Credit>>(loaderKey(`people.creditsBy.${parent}`, args, withCount), async (ids) => {
        const where = { id: { in: [...ids] } };
        const select = { id: true, ...nestedPageSelect(nested) };
        const parents =
          parent === "show"
            ? await this.prisma.show.findMany({ where, select: select as Prisma.ShowSelect })
            : await this.prisma.person.findMany({ where, select: select as Prisma.PersonSelect });
        return nestedConnections(ids, parents, nested);
      })
      .load(id);
  }

  /** Every credit of a show in one role, in billing order, with its person (the short `cast` and `creators` lists). */
  async creditsOfShowInRole(showId: number, role: CreditRole): Promise<Credit[]> {
    const credits = await this.context.scope
      .loader<number, Credit[]>("people.allCreditsByShow", async (showIds) => {
        const rows = await this.prisma.credit.findMany({
          where: { showId: { in: [...showIds] }, role: { in: ["CREATOR", "CAST"] } },
          include: { person: true },
          orderBy: [...billingOrder],
        });
        return groupByKey(showIds, rows, (credit) => credit.showId);
      })
      .load(showId);
    return credits.filter((credit) => credit.role === role);
  }

  /** The person behind a credit: already there when the credit was read with it, else batched. */
  async personOf(credit: Credit): Promise<Person | null> {
    return credit.person ?? this.peopleById().load(credit.personId);
  }

  /** The people behind a list of credits, in the credits' order. */
  async peopleOf(credits: Credit[]): Promise<Person[]> {
    const people = await Promise.all(credits.map((credit) => this.personOf(credit)));
    return people.filter((person): person is Person => person !== null);
  }
}
