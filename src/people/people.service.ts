import { indexByKey, groupByKey } from "../common/request-scope.js";
import type { Lookup } from "../common/lookup.js";
import { RequestService } from "../common/service.js";
import type { PersonListArgs } from "./person.args.js";
import type { Credit, CreditRole, Person } from "./person.types.js";

const creditOrder = [{ role: "asc" }, { position: "asc" }, { id: "asc" }] as const;

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

  list(args: PersonListArgs): Promise<Person[]> {
    return this.prisma.person.findMany({
      where: args.nameContains ? { name: { contains: args.nameContains, mode: "insensitive" } } : {},
      orderBy: [{ name: "asc" }, { id: "asc" }],
      take: args.first,
      skip: args.skip,
    });
  }

  async creditsOfShow(showId: number, role?: CreditRole): Promise<Credit[]> {
    const credits = await this.context.scope
      .loader<number, Credit[]>("people.creditsByShow", async (showIds) => {
        const rows = await this.prisma.credit.findMany({
          where: { showId: { in: [...showIds] } },
          orderBy: [...creditOrder],
        });
        return groupByKey(showIds, rows, (credit) => credit.showId);
      })
      .load(showId);
    return role ? credits.filter((credit) => credit.role === role) : credits;
  }

  async creditsOfPerson(personId: number, role?: CreditRole): Promise<Credit[]> {
    const credits = await this.context.scope
      .loader<number, Credit[]>("people.creditsByPerson", async (personIds) => {
        const rows = await this.prisma.credit.findMany({
          where: { personId: { in: [...personIds] } },
          orderBy: [{ showId: "asc" }, ...creditOrder],
        });
        return groupByKey(personIds, rows, (credit) => credit.personId);
      })
      .load(personId);
    return role ? credits.filter((credit) => credit.role === role) : credits;
  }

  /** The people behind a list of credits, in the credits' order. */
  async peopleOf(credits: Credit[]): Promise<Person[]> {
    const people = await this.peopleById().loadMany(credits.map((credit) => credit.personId));
    return people.filter((person): person is Person => person !== null && !(person instanceof Error));
  }
}
