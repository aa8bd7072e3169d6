import { Args, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../common/context.js";
import { LookupArgs, parseLookup } from "../common/lookup.js";
import { serviceFor } from "../common/service.js";
import { Show } from "../shows/show.types.js";
import { CompanyListArgs } from "./company.args.js";
import { CompanyService } from "./company.service.js";
import { ProductionCompany } from "./company.types.js";

@Resolver(() => ProductionCompany)
export class CompanyResolver {
  @Query(() => ProductionCompany, { nullable: true, description: "One company by `id` or `slug` (exactly one)." })
  productionCompany(@Args(() => LookupArgs) args: LookupArgs, @Ctx() context: RequestContext) {
    return serviceFor(context, CompanyService).find(parseLookup(args));
  }

  @Query(() => [ProductionCompany], { description: "Production companies by name." })
  productionCompanies(@Args(() => CompanyListArgs) args: CompanyListArgs, @Ctx() context: RequestContext) {
    return serviceFor(context, CompanyService).list(args);
  }

  @FieldResolver(() => [Show], { description: "The company's shows, oldest premiere first." })
  shows(@Root() company: ProductionCompany, @Ctx() context: RequestContext): Promise<Show[]> {
    return serviceFor(context, CompanyService).showsOfCompany(company.id);
  }

  @FieldResolver(() => Int, { description: "How many shows the company produced." })
  showCount(@Root() company: ProductionCompany, @Ctx() context: RequestContext): Promise<number> {
    return serviceFor(context, CompanyService).showCount(company.id);
  }
}

/** The show's side of the relation: lives here so that shows/ never depends on companies/. */
@Resolver(() => Show)
export class ShowCompaniesResolver {
  @FieldResolver(() => [ProductionCompany])
  productionCompanies(@Root() show: Show, @Ctx() context: RequestContext): Promise<ProductionCompany[]> {
    return serviceFor(context, CompanyService).companiesOfShow(show.id);
  }
}
