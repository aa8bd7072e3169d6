import { Arg, Args, Authorized, Ctx, Mutation, Resolver } from "type-graphql";
import { rowIdOf } from "../common/node.js";
import type { RequestContext } from "../common/context.js";
import { serviceFor } from "../common/service.js";
import { AddCreditInput, CreatePersonInput, RemoveCreditArgs, UpdateCreditInput, UpdatePersonInput } from "./person-curation.inputs.js";
import { PersonCurationService } from "./person-curation.service.js";
import { Credit, Person } from "./person.types.js";

/** Editors and admins curate people and credits; writers read them. */
@Resolver()
export class PersonCurationResolver {
  @Authorized("EDITOR")
  @Mutation(() => Person, { description: "Creates a person (editors). Audited; a `person.updated` event." })
  createPerson(@Arg("input", () => CreatePersonInput, { description: "The fields to write (see CreatePersonInput)." }) input: CreatePersonInput, @Ctx() context: RequestContext): Promise<Person> {
    return serviceFor(context, PersonCurationService).createPerson(input);
  }

  @Authorized("EDITOR")
  @Mutation(() => Person, { description: "Edits a person at `baseVersion` (editors); a former slug keeps resolving." })
  updatePerson(@Arg("input", () => UpdatePersonInput, { description: "The fields to write (see UpdatePersonInput)." }) input: UpdatePersonInput, @Ctx() context: RequestContext): Promise<Person> {
    return serviceFor(context, PersonCurationService).updatePerson(input);
  }

  @Authorized("EDITOR")
  @Mutation(() => Credit, { description: "Credits a person on a show, at the show's `baseVersion` (editors)." })
  addCredit(@Arg("input", () => AddCreditInput, { description: "The fields to write (see AddCreditInput)." }) input: AddCreditInput, @Ctx() context: RequestContext): Promise<Credit> {
    return serviceFor(context, PersonCurationService).addCredit(input);
  }

  @Authorized("EDITOR")
  @Mutation(() => Credit, { description: "Edits a credit's role, character or billing order, at its show's `baseVersion` (editors)." })
  updateCredit(@Arg("input", () => UpdateCreditInput, { description: "The fields to write (see UpdateCreditInput)." }) input: UpdateCreditInput, @Ctx() context: RequestContext): Promise<Credit> {
    return serviceFor(context, PersonCurationService).updateCredit(input);
  }

  @Authorized("EDITOR")
  @Mutation(() => Boolean, { description: "Removes a credit, at its show's `baseVersion` (editors)." })
  removeCredit(@Args(() => RemoveCreditArgs) args: RemoveCreditArgs, @Ctx() context: RequestContext): Promise<boolean> {
    return serviceFor(context, PersonCurationService).removeCredit(rowIdOf("Credit", args.id, "id"), args.baseVersion);
  }
}
