import { Args, Authorized, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { Author } from "../auth/author.types.js";
import { UserService } from "../auth/user.service.js";
import type { RequestContext } from "../common/context.js";
import { badUserInput } from "../common/errors.js";
import { serviceFor } from "../common/service.js";
import { AuditLogArgs } from "./audit.args.js";
import { AuditService } from "./audit.service.js";
import { AuditEvent } from "./audit.types.js";

@Resolver(() => AuditEvent)
export class AuditResolver {
  @Authorized("EDITOR")
  @Query(() => [AuditEvent], { description: "The audit log, newest first (editors and admins)." })
  auditLog(@Args(() => AuditLogArgs) args: AuditLogArgs, @Ctx() context: RequestContext): Promise<AuditEvent[]> {
    if (args.entityId !== undefined && args.entityType === undefined) {
      throw badUserInput("entityId needs entityType.", "entityType");
    }
    return serviceFor(context, AuditService).list(args);
  }

  @FieldResolver(() => Author, { nullable: true, description: "Who did it; null for the system (e.g. scheduled publishing)." })
  actor(@Root() event: AuditEvent, @Ctx() context: RequestContext): Promise<Author | null> | null {
    return event.actorId === null ? null : serviceFor(context, UserService).author(event.actorId);
  }
}
