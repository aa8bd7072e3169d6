import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from "type-graphql";
import { rowIdOf } from "../common/node.js";
import { Author } from "../auth/author.types.js";
import { UserService } from "../auth/user.service.js";
import { canSeeUnpublished, type RequestContext } from "../common/context.js";
import { restrictedField } from "../common/restricted.js";
import { serviceFor } from "../common/service.js";
import { ShowService } from "./show.service.js";
import { Show, StatusChange, StatusRetraction } from "./show.types.js";
import { RecordStatusChangeInput, RetractStatusChangeArgs } from "./status-facts.inputs.js";
import { StatusFactService } from "./status-facts.service.js";

@Resolver(() => StatusChange)
export class StatusChangeResolver {
  @Authorized("EDITOR")
  @Mutation(() => StatusChange, {
    description:
      "Records an announcement from the network's own source (editors). The show's status is derived again; " +
      "audited, and announced as a `show.status_changed` webhook event.",
  })
  recordStatusChange(@Arg("input", () => RecordStatusChangeInput, { description: "The fields to write (see RecordStatusChangeInput)." }) input: RecordStatusChangeInput, @Ctx() context: RequestContext): Promise<StatusChange> {
    return serviceFor(context, StatusFactService).record(input);
  }

  @Authorized("EDITOR")
  @Mutation(() => StatusChange, {
    description:
      "Retracts a fact that does not hold (editors): it stays in the record for editors with who, when and why, " +
      "disappears for readers, and the show's status is derived again. Audited; a `show.status_changed` event.",
  })
  retractStatusChange(@Args(() => RetractStatusChangeArgs) args: RetractStatusChangeArgs, @Ctx() context: RequestContext): Promise<StatusChange> {
    return serviceFor(context, StatusFactService).retract(rowIdOf("StatusChange", args.id, "id"), args.reason);
  }

  @FieldResolver(() => Show)
  async show(@Root() change: StatusChange, @Ctx() context: RequestContext): Promise<Show> {
    return (await serviceFor(context, ShowService).findById(change.showId))!;
  }

  @FieldResolver(() => StatusRetraction, restrictedField("Set when the fact was retracted.", "editors and admins"))
  retraction(@Root() change: StatusChange, @Ctx() context: RequestContext): StatusRetraction | null {
    return serviceFor(context, StatusFactService).retractionOf(change);
  }

  @FieldResolver(() => Author, restrictedField("Who recorded the fact (null for seeded facts).", "editors and admins"))
  recordedBy(@Root() change: StatusChange, @Ctx() context: RequestContext): Promise<Author | null> | null {
    if (change.recordedById === null || !canSeeUnpublished(context.viewer)) return null;
    return serviceFor(context, UserService).author(change.recordedById);
  }
}

@Resolver(() => StatusRetraction)
export class StatusRetractionResolver {
  @FieldResolver(() => Author, { nullable: true })
  retractedBy(@Root() retraction: StatusRetraction, @Ctx() context: RequestContext): Promise<Author | null> | null {
    return retraction.retractedById === null ? null : serviceFor(context, UserService).author(retraction.retractedById);
  }
}
