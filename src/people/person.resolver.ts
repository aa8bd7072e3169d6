import type { GraphQLResolveInfo } from "graphql";
import { Args, Ctx, FieldResolver, Info, Query, Resolver, Root } from "type-graphql";
import type { Connection } from "../common/connection.js";
import { selectsField } from "../common/selection.js";
import type { RequestContext } from "../common/context.js";
import { LookupArgs, parseLookup } from "../common/lookup.js";
import { serviceFor } from "../common/service.js";
import { ShowService } from "../shows/show.service.js";
import { Show } from "../shows/show.types.js";
import { CreditConnectionArgs, PersonConnectionArgs } from "./person.args.js";
import { PeopleService } from "./people.service.js";
import { Credit, CreditConnection, Person, PersonConnection } from "./person.types.js";
import { nodeSelections, prefetched, registerPrefetcher, treeSelects, type ResolveTree } from "../common/prefetch.js";

@Resolver(() => Person)
export class PersonResolver {
  @Query(() => Person, { nullable: true, description: "One person by `id` or `slug` (exactly one); null when unknown." })
  person(@Args(() => LookupArgs) args: LookupArgs, @Ctx() context: RequestContext): Promise<Person | null> {
    return serviceFor(context, PeopleService).find(parseLookup(args, "Person"));
  }

  @Query(() => PersonConnection, { description: "People, by name unless `orderBy` says otherwise." })
  people(@Args(() => PersonConnectionArgs) args: PersonConnectionArgs, @Ctx() context: RequestContext): Promise<Connection<Person>> {
    return serviceFor(context, PeopleService).list(args);
  }

  @FieldResolver(() => CreditConnection, { description: "Everything this person is credited on, in billing order." })
  credits(
    @Root() person: Person,
    @Args(() => CreditConnectionArgs) args: CreditConnectionArgs,
    @Ctx() context: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Connection<Credit>> {
    return serviceFor(context, PeopleService).creditsOf("person", person.id, args, selectsField(info, "totalCount"));
  }
}

@Resolver(() => Credit)
export class CreditResolver {
  @FieldResolver(() => Person)
  async person(@Root() credit: Credit, @Ctx() context: RequestContext): Promise<Person> {
    return (await serviceFor(context, PeopleService).personOf(credit))!;
  }

  @FieldResolver(() => Show)
  async show(@Root() credit: Credit, @Ctx() context: RequestContext): Promise<Show> {
    return (await serviceFor(context, ShowService).findById(credit.showId))!;
  }
}

/** The show's side of credits: lives here so that shows/ never depends on people/. */
@Resolver(() => Show)
export class ShowCreditsResolver {
  @FieldResolver(() => CreditConnection, { description: "Everyone credited on the show, by role and billing." })
  credits(
    @Root() show: Show,
    @Args(() => CreditConnectionArgs) args: CreditConnectionArgs,
    @Ctx() context: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Connection<Credit>> | Connection<Credit> {
    return prefetched<Connection<Credit>>(show, info) ?? serviceFor(context, PeopleService).creditsOf("show", show.id, args, selectsField(info, "totalCount"));
  }

  @FieldResolver(() => [Person], { description: "The show's creators." })
  async creators(@Root() show: Show, @Ctx() context: RequestContext, @Info() info: GraphQLResolveInfo): Promise<Person[]> {
    const people = serviceFor(context, PeopleService);
    return people.peopleOf(prefetched<Credit[]>(show, info) ?? (await people.creditsOfShowInRole(show.id, "CREATOR")));
  }

  @FieldResolver(() => [Credit], { description: "Cast credits, in billing order (with character names)." })
  cast(@Root() show: Show, @Ctx() context: RequestContext, @Info() info: GraphQLResolveInfo): Promise<Credit[]> | Credit[] {
    return prefetched<Credit[]>(show, info) ?? serviceFor(context, PeopleService).creditsOfShowInRole(show.id, "CAST");
  }
}

registerPrefetcher("Show", "credits", (field, context) =>
  serviceFor(context, PeopleService).prefetchCredits(
    field.args as unknown as CreditConnectionArgs,
    treeSelects(field, "totalCount"),
    nodeSelections(field, "Credit").flatMap(personSelectionsOf),
  ),
);
registerPrefetcher("Show", "creators", (field, context) =>
  serviceFor(context, PeopleService).prefetchCreditsInRole("CREATOR", nodeSelections(field, "Person")),
);
registerPrefetcher("Show", "cast", (field, context) =>
  serviceFor(context, PeopleService).prefetchCreditsInRole("CAST", nodeSelections(field, "Credit").flatMap(personSelectionsOf)),
);

/** The selections of Person under one selection of Credit (`{ role person { … } }`). */
function personSelectionsOf(credit: Record<string, ResolveTree>): Record<string, ResolveTree>[] {
  return Object.values(credit)
    .filter((child) => child.name === "person")
    .flatMap((person) => nodeSelections(person, "Person"));
}
