import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { Author } from "../auth/author.types.js";
import { UserService } from "../auth/user.service.js";
import { canSeeUnpublished, type RequestContext } from "../common/context.js";
import { serviceFor } from "../common/service.js";
import { ProductionCompany } from "../companies/company.types.js";
import { Person } from "../people/person.types.js";
import { Season, Show } from "../shows/show.types.js";
import type { CuratedEntity } from "./provenance.js";
import { ProvenanceService } from "./provenance.service.js";
import { FieldProvenance } from "./provenance.types.js";

const DESCRIPTION = "Where each curated field's value came from: an editor, the seed or an import (file and line).";

function provenanceOf(context: RequestContext, type: CuratedEntity, id: number): Promise<FieldProvenance[]> {
  return serviceFor(context, ProvenanceService).of(type, id);
}

@Resolver(() => Show)
export class ShowProvenanceResolver {
  @FieldResolver(() => [FieldProvenance], { description: DESCRIPTION })
  provenance(@Root() show: Show, @Ctx() context: RequestContext): Promise<FieldProvenance[]> {
    return provenanceOf(context, "Show", show.id);
  }
}

@Resolver(() => Season)
export class SeasonProvenanceResolver {
  @FieldResolver(() => [FieldProvenance], { description: DESCRIPTION })
  provenance(@Root() season: Season, @Ctx() context: RequestContext): Promise<FieldProvenance[]> {
    return provenanceOf(context, "Season", season.id);
  }
}

@Resolver(() => Person)
export class PersonProvenanceResolver {
  @FieldResolver(() => [FieldProvenance], { description: DESCRIPTION })
  provenance(@Root() person: Person, @Ctx() context: RequestContext): Promise<FieldProvenance[]> {
    return provenanceOf(context, "Person", person.id);
  }
}

@Resolver(() => ProductionCompany)
export class CompanyProvenanceResolver {
  @FieldResolver(() => [FieldProvenance], { description: DESCRIPTION })
  provenance(@Root() company: ProductionCompany, @Ctx() context: RequestContext): Promise<FieldProvenance[]> {
    return provenanceOf(context, "ProductionCompany", company.id);
  }
}

@Resolver(() => FieldProvenance)
export class FieldProvenanceResolver {
  @FieldResolver(() => Author, { nullable: true, description: "The editor who set the value (editors and admins only; null for others)." })
  editor(@Root() provenance: FieldProvenance, @Ctx() context: RequestContext): Promise<Author | null> | null {
    if (provenance.userId === null || !canSeeUnpublished(context.viewer)) return null;
    return serviceFor(context, UserService).author(provenance.userId);
  }
}
