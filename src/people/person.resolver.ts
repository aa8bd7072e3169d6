import { Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../common/context.js";
import { LookupArgs, parseLookup } from "../common/lookup.js";
import { serviceFor } from "../common/service.js";
import { ShowService } from "../shows/show.service.js";
import { Show } from "../shows/show.types.js";
import { CreditFilterArgs, PersonListArgs } from "./person.args.js";
import { PeopleService } from "./people.service.js";
import { Credit, Person } from "./person.types.js";

@Resolver(() => Person)
export class PersonResolver {
  @Query(() => Person, { nullable: true, description: "One person by `id` or `slug` (exactly one); null when unknown." })
  person(@Args(() => LookupArgs) args: LookupArgs, @Ctx() context: RequestContext): Promise<Person | null> {
    return serviceFor(context, PeopleService).find(parseLookup(args));
  }

  @Query(() => [Person], { description: "People by name." })
  people(@Args(() => PersonListArgs) args: PersonListArgs, @Ctx() context: RequestContext): Promise<Person[]> {
    return serviceFor(context, PeopleService).list(args);
  }

  @FieldResolver(() => [Credit], { description: "Everything this person is credited on." })
  credits(
    @Root() person: Person,
    @Args(() => CreditFilterArgs) args: CreditFilterArgs,
    @Ctx() context: RequestContext,
  ): Promise<Credit[]> {
    return serviceFor(context, PeopleService).creditsOfPerson(person.id, args.role);
  }
}

@Resolver(() => Credit)
export class CreditResolver {
  @FieldResolver(() => Person)
  async person(@Root() credit: Credit, @Ctx() context: RequestContext): Promise<Person> {
    return (await serviceFor(context, PeopleService).findById(credit.personId))!;
  }

  @FieldResolver(() => Show)
  async show(@Root() credit: Credit, @Ctx() context: RequestContext): Promise<Show> {
    return (await serviceFor(context, ShowService).findById(credit.showId))!;
  }
}

/** The show's side of credits: lives here so that shows/ never depends on people/. */
@Resolver(() => Show)
export class ShowCreditsResolver {
  @FieldResolver(() => [Credit], { description: "Everyone credited on the show, by role and billing." })
  credits(
    @Root() show: Show,
    @Args(() => CreditFilterArgs) args: CreditFilterArgs,
    @Ctx() context: RequestContext,
  ): Promise<Credit[]> {
    return serviceFor(context, PeopleService).creditsOfShow(show.id, args.role);
  }

  @FieldResolver(() => [Person], { description: "The show's creators." })
  async creators(@Root() show: Show, @Ctx() context: RequestContext): Promise<Person[]> {
    const people = serviceFor(context, PeopleService);
    return people.peopleOf(await people.creditsOfShow(show.id, "CREATOR"));
  }

  @FieldResolver(() => [Credit], { description: "Cast credits, in billing order (with character names)." })
  cast(@Root() show: Show, @Ctx() context: RequestContext): Promise<Credit[]> {
    return serviceFor(context, PeopleService).creditsOfShow(show.id, "CAST");
  }
}
