import { type Connection, type NestedPage, findPage, orderingFor, loaderKey, nestedConnections, nestedPagePrefetch, nestedPageSelect, pageRequest } from "../common/connection.js";
import { booleanWhere } from "../common/filters.js";
import type { Prefetch, ResolveTree } from "../common/prefetch.js";
import type { Lookup } from "../common/lookup.js";
import { groupByKey, indexByKey } from "../common/request-scope.js";
import { RequestService } from "../common/service.js";
import { Prisma } from "../db/prisma.js";
import { columnsFor, type RowColumns } from "../common/columns.js";
import { creditOrdering, personOrderings, type CreditConnectionArgs, type PersonConnectionArgs } from "./person.args.js";
import type { Credit, CreditRole, Person } from "./person.types.js";

const billingOrder = [{ role: "asc" }, { position: "asc" }, { id: "asc" }] as const;

/** What Person's fields beyond its columns read (see common/columns.ts). */
const personColumns: RowColumns = { columns: Prisma.PersonScalarFieldEnum, computed: { credits: [] } };

/** The roles of the short `creators` and `cast` lists, read together. */
const SHORT_LIST_ROLES = ["CREATOR", "CAST"] as const;

function creditsPage(args: CreditConnectionArgs, withCount: boolean): NestedPage<Credit> {
  return {
    relation: "credits",
    ordering: creditOrdering,
    page: pageRequest(args, creditOrdering),
    filter: args.role ? { role: { in: args.role } } : {},
    withCount,
  };
}

export class PeopleService extends RequestService {
  private peopleById() {
    return this.context.scope.loader<number, Person | null>("people.byId", async (ids) =>
      indexByKey(ids, await this.prisma.person.findMany({ where: { id: { in: [...ids] } } }), (person) => person.id),
    );
  }

  async find(lookup: Lookup): Promise<Person | null> {
    if ("id" in lookup) return this.peopleById().load(lookup.id);
    const person = await this.prisma.person.findUnique({ where: { slug: lookup.slug } });
    if (person) return person;
    // A former slug (the person was renamed) still finds them.
    const alias = await this.prisma.personSlugAlias.findUnique({ where: { slug: lookup.slug }, select: { personId: true } });
    return alias ? this.peopleById().load(alias.personId) : null;
  }

  async findById(id: number): Promise<Person | null> {
    return this.peopleById().load(id);
  }

  list(args: PersonConnectionArgs): Promise<Connection<Person>> {
    const where: Prisma.PersonWhereInput = booleanWhere(args.where, (filter) => ({
      name: filter.nameContains ? { contains: filter.nameContains, mode: "insensitive" } : undefined,
      credits: filter.role ? { some: { role: { in: filter.role } } } : undefined,
    }));
    return findPage(
      args,
      orderingFor(personOrderings, args.orderBy),
      where,
      (query) => this.prisma.person.findMany(query as Prisma.PersonFindManyArgs),
      (where) => this.prisma.person.count({ where }),
    );
  }

  /** A page of credits per show or per person, batched: one statement for all parents of a request. */
  creditsOf(parent: "show" | "person", id: number, args: CreditConnectionArgs, withCount: boolean): Promise<Connection<Credit>> {
    const nested = creditsPage(args, withCount);
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

  /** A show's credits, read in the show's statement. */
  prefetchCredits(args: CreditConnectionArgs, withCount: boolean, personSelections: Record<string, ResolveTree>[]): Prefetch {
    // The credited people come along when the page selects them: only their needed columns.
    const personColumnsNeeded = columnsFor(personColumns, personSelections);
    const relations = personSelections.length ? { person: personColumnsNeeded ? { select: personColumnsNeeded } : true } : undefined;
    return nestedPagePrefetch({ ...creditsPage(args, withCount), relations });
  }

  /**
   * A show's credits in one role with their people, read in the show's statement: only the people's
   * columns that `personSelections` need (`creators` and `cast` share the read when those agree).
   */
  prefetchCreditsInRole(role: CreditRole, personSelections: Record<string, ResolveTree>[]): Prefetch {
    const columns = columnsFor(personColumns, personSelections);
    return {
      include: {
        credits: { where: { role: { in: [...SHORT_LIST_ROLES] } }, include: { person: columns ? { select: columns } : true }, orderBy: [...billingOrder] },
      },
      read: (row) => ((row as { credits: Credit[] }).credits ?? []).filter((credit) => credit.role === role),
    };
  }

  /** Every credit of a show in one role, in billing order, with its person (the short `cast` and `creators` lists). */
  async creditsOfShowInRole(showId: number, role: CreditRole): Promise<Credit[]> {
    const credits = await this.context.scope
      .loader<number, Credit[]>("people.allCreditsByShow", async (showIds) => {
        const rows = await this.prisma.credit.findMany({
          where: { showId: { in: [...showIds] }, role: { in: [...SHORT_LIST_ROLES] } },
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
