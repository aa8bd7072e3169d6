import type { Prefetch } from "../common/prefetch.js";
import { type Connection, type NestedPage, findPage, orderingFor, loaderKey, nestedConnections, nestedPageSelect, pageRequest } from "../common/connection.js";
import { booleanWhere, definite } from "../common/filters.js";
import type { Lookup } from "../common/lookup.js";
import { groupByKey, indexByKey } from "../common/request-scope.js";
import { RequestService } from "../common/service.js";
import type { Prisma } from "../db/prisma.js";
import { showOrderings, type ShowConnectionArgs } from "../shows/show.args.js";
import { showWhere } from "../shows/show.service.js";
import type { Show } from "../shows/show.types.js";
import { companyOrderings, type CompanyConnectionArgs } from "./company.args.js";
import type { ProductionCompany } from "./company.types.js";

/**
 * A show's links to its companies, by company name, then id (two companies may share a name: the
 * compiled path, companies/company.sql.ts, breaks the tie the same way); the companies' show counts
 * come in the same statement, as they are usually shown together.
 */
const companyLinks = {
  include: { company: { include: { _count: { select: { shows: true } } } } },
  orderBy: [{ company: { name: "asc" } }, { companyId: "asc" }],
} satisfies Omit<Prisma.ShowProductionCompanyFindManyArgs, "where">;

type CompanyLink = Prisma.ShowProductionCompanyGetPayload<typeof companyLinks>;

function companiesOfLinks(links: CompanyLink[]): ProductionCompany[] {
  return links.map(({ company: { _count, ...company } }) => ({ ...company, knownShowCount: _count.shows }));
}

export class CompanyService extends RequestService {
  find(lookup: Lookup): Promise<ProductionCompany | null> {
    return this.prisma.productionCompany.findUnique({ where: "id" in lookup ? { id: lookup.id } : { slug: lookup.slug } });
  }

  list(args: CompanyConnectionArgs): Promise<Connection<ProductionCompany>> {
    const where: Prisma.ProductionCompanyWhereInput = booleanWhere(args.where, (filter) => ({
      name: filter.nameContains ? { contains: filter.nameContains, mode: "insensitive" } : undefined,
      country: definite(filter.country == null ? undefined : { equals: filter.country }),
    }));
    return findPage(
      args,
      orderingFor(companyOrderings, args.orderBy),
      where,
      (query) => this.prisma.productionCompany.findMany(query as Prisma.ProductionCompanyFindManyArgs),
      (where) => this.prisma.productionCompany.count({ where }),
    );
  }

  companiesOfShow(showId: number): Promise<ProductionCompany[]> {
    return this.context.scope
      .loader<number, ProductionCompany[]>("companies.byShow", async (showIds) => {
        const links = await this.prisma.showProductionCompany.findMany({ where: { showId: { in: [...showIds] } }, ...companyLinks });
        return groupByKey(showIds, links, (link) => link.showId).map(companiesOfLinks);
      })
      .load(showId);
  }

  /** A show's companies, read in the show's statement. */
  prefetchCompaniesOfShow(): Prefetch {
    return {
      include: { productionCompanies: companyLinks },
      read: (row) => companiesOfLinks((row as { productionCompanies: CompanyLink[] }).productionCompanies ?? []),
    };
  }

  /** A page of each company's shows, batched: one statement for all companies of a request. */
  showsOf(companyId: number, args: ShowConnectionArgs, withCount: boolean): Promise<Connection<Show>> {
    const ordering = orderingFor(showOrderings, args.orderBy);
    const nested: NestedPage<Show> = {
      relation: "shows",
      through: "show",
      ordering,
      page: pageRequest(args, ordering),
      filter: showWhere(args.where),
      withCount,
    };
    return this.context.scope
      .loader<number, Connection<Show>>(loaderKey("companies.shows", args, withCount), async (ids) => {
        const select = { id: true, ...nestedPageSelect(nested) } as Prisma.ProductionCompanySelect;
        return nestedConnections(ids, await this.prisma.productionCompany.findMany({ where: { id: { in: [...ids] } }, select }), nested);
      })
      .load(companyId);
  }

  /** Every show of a company, oldest premiere first (for drafting articles, not for clients). */
  async allShowsOf(companyId: number): Promise<Show[]> {
    const links = await this.prisma.showProductionCompany.findMany({
      where: { companyId },
      include: { show: true },
      orderBy: [{ show: { premiereDate: { sort: "asc", nulls: "last" } } }, { show: { title: "asc" } }],
    });
    return links.map((link) => link.show);
  }

  showCount(company: ProductionCompany): Promise<number> {
    if (company.knownShowCount !== undefined) return Promise.resolve(company.knownShowCount);
    const companyId = company.id;
    return this.context.scope
      .loader<number, number>("companies.showCount", async (companyIds) => {
        const counts = await this.prisma.showProductionCompany.groupBy({
          by: ["companyId"],
          where: { companyId: { in: [...companyIds] } },
          _count: { _all: true },
        });
        return indexByKey(companyIds, counts, (row) => row.companyId).map((row) => row?._count._all ?? 0);
      })
      .load(companyId);
  }
}
