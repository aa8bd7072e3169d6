import type { GraphQLResolveInfo } from "graphql";
import { Args, Ctx, FieldResolver, Info, Int, Query, Resolver, Root } from "type-graphql";
import type { Connection } from "../common/connection.js";
import { selectsField } from "../common/selection.js";
import { ShowConnectionArgs } from "../shows/show.args.js";
import type { RequestContext } from "../common/context.js";
import { LookupArgs, parseLookup } from "../common/lookup.js";
import { serviceFor } from "../common/service.js";
import { Show, ShowConnection } from "../shows/show.types.js";
import { CompanyConnectionArgs } from "./company.args.js";
import { CompanyService } from "./company.service.js";
import { CompanyConnection, ProductionCompany } from "./company.types.js";
import { prefetched, registerPrefetcher } from "../common/prefetch.js";

@Resolver(() => ProductionCompany)
export class CompanyResolver {
  @Query(() => ProductionCompany, { nullable: true, description: "One company by `id` or `slug` (exactly one)." })
  productionCompany(@Args(() => LookupArgs) args: LookupArgs, @Ctx() context: RequestContext) {
    return serviceFor(context, CompanyService).find(parseLookup(args, "ProductionCompany"));
  }

  @Query(() => CompanyConnection, { description: "Production companies, by name unless `orderBy` says otherwise." })
  productionCompanies(@Args(() => CompanyConnectionArgs) args: CompanyConnectionArgs, @Ctx() context: RequestContext) {
    return serviceFor(context, CompanyService).list(args);
  }

  @FieldResolver(() => ShowConnection, { description: "The company's shows, filtered and ordered like `Query.shows`." })
  shows(
    @Root() company: ProductionCompany,
    @Args(() => ShowConnectionArgs) args: ShowConnectionArgs,
    @Ctx() context: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Connection<Show>> {
    return serviceFor(context, CompanyService).showsOf(company.id, args, selectsField(info, "totalCount"));
  }

  @FieldResolver(() => Int, { description: "How many shows the company produced." })
  showCount(@Root() company: ProductionCompany, @Ctx() context: RequestContext): Promise<number> {
    return serviceFor(context, CompanyService).showCount(company);
  }
}

/** The show's side of the relation: lives here so that shows/ never depends on companies/. */
@Resolver(() => Show)
export class ShowCompaniesResolver {
  @FieldResolver(() => [ProductionCompany])
  productionCompanies(@Root() show: Show, @Ctx() context: RequestContext, @Info() info: GraphQLResolveInfo): Promise<ProductionCompany[]> | ProductionCompany[] {
    return prefetched<ProductionCompany[]>(show, info) ?? serviceFor(context, CompanyService).companiesOfShow(show.id);
  }
}

registerPrefetcher("Show", "productionCompanies", (_, context) => serviceFor(context, CompanyService).prefetchCompaniesOfShow());
