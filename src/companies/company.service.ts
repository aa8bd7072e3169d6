import type { Lookup } from "../common/lookup.js";
import { groupByKey, indexByKey } from "../common/request-scope.js";
import { RequestService } from "../common/service.js";
import type { Show } from "../shows/show.types.js";
import type { CompanyListArgs } from "./company.args.js";
import type { ProductionCompany } from "./company.types.js";

export class CompanyService extends RequestService {
  find(lookup: Lookup): Promise<ProductionCompany | null> {
    return this.prisma.productionCompany.findUnique({ where: "id" in lookup ? { id: lookup.id } : { slug: lookup.slug } });
  }

  list(args: CompanyListArgs): Promise<ProductionCompany[]> {
    return this.prisma.productionCompany.findMany({
      where: args.nameContains ? { name: { contains: args.nameContains, mode: "insensitive" } } : {},
      orderBy: [{ name: "asc" }, { id: "asc" }],
      take: args.first,
      skip: args.skip,
    });
  }

  companiesOfShow(showId: number): Promise<ProductionCompany[]> {
    return this.context.scope
      .loader<number, ProductionCompany[]>("companies.byShow", async (showIds) => {
        const links = await this.prisma.showProductionCompany.findMany({
          where: { showId: { in: [...showIds] } },
          include: { company: true },
          orderBy: [{ company: { name: "asc" } }],
        });
        return groupByKey(showIds, links, (link) => link.showId).map((group) => group.map((link) => link.company));
      })
      .load(showId);
  }

  showsOfCompany(companyId: number): Promise<Show[]> {
    return this.context.scope
      .loader<number, Show[]>("companies.showsByCompany", async (companyIds) => {
        const links = await this.prisma.showProductionCompany.findMany({
          where: { companyId: { in: [...companyIds] } },
          include: { show: true },
          orderBy: [{ show: { premiereDate: { sort: "asc", nulls: "last" } } }, { show: { title: "asc" } }],
        });
        return groupByKey(companyIds, links, (link) => link.companyId).map((group) => group.map((link) => link.show));
      })
      .load(companyId);
  }

  showCount(companyId: number): Promise<number> {
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
