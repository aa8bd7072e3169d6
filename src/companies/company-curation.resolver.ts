import { Arg, Args, Authorized, Ctx, Mutation, Resolver } from "type-graphql";
import { rowIdOf } from "../common/node.js";
import type { RequestContext } from "../common/context.js";
import { serviceFor } from "../common/service.js";
import { CompanyLinkArgs, CreateProductionCompanyInput, UpdateProductionCompanyInput } from "./company-curation.inputs.js";
import { CompanyCurationService } from "./company-curation.service.js";
import { ProductionCompany } from "./company.types.js";

/** Editors and admins curate companies and their links to shows; writers read them. */
@Resolver()
export class CompanyCurationResolver {
  @Authorized("EDITOR")
  @Mutation(() => ProductionCompany, { description: "Creates a production company (editors). Audited; a `company.updated` event." })
  createProductionCompany(@Arg("input", () => CreateProductionCompanyInput, { description: "The fields to write (see CreateProductionCompanyInput)." }) input: CreateProductionCompanyInput, @Ctx() context: RequestContext) {
    return serviceFor(context, CompanyCurationService).create(input);
  }

  @Authorized("EDITOR")
  @Mutation(() => ProductionCompany, { description: "Edits a production company at `baseVersion` (editors)." })
  updateProductionCompany(@Arg("input", () => UpdateProductionCompanyInput, { description: "The fields to write (see UpdateProductionCompanyInput)." }) input: UpdateProductionCompanyInput, @Ctx() context: RequestContext) {
    return serviceFor(context, CompanyCurationService).update(input);
  }

  @Authorized("EDITOR")
  @Mutation(() => Boolean, { description: "Links a company to a show, at the show's `baseVersion` (editors); linking twice changes nothing." })
  linkProductionCompany(@Args(() => CompanyLinkArgs) args: CompanyLinkArgs, @Ctx() context: RequestContext): Promise<boolean> {
    return serviceFor(context, CompanyCurationService).link(rowIdOf("Show", args.showId, "showId"), rowIdOf("ProductionCompany", args.companyId, "companyId"), args.baseVersion);
  }

  @Authorized("EDITOR")
  @Mutation(() => Boolean, { description: "Unlinks a company from a show, at the show's `baseVersion` (editors)." })
  unlinkProductionCompany(@Args(() => CompanyLinkArgs) args: CompanyLinkArgs, @Ctx() context: RequestContext): Promise<boolean> {
    return serviceFor(context, CompanyCurationService).unlink(rowIdOf("Show", args.showId, "showId"), rowIdOf("ProductionCompany", args.companyId, "companyId"), args.baseVersion);
  }
}
