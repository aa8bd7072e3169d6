import { JSONObjectScalar } from "../common/scalars.js";
import { Args, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import { globalId } from "../common/node.js";
import { Author } from "../auth/author.types.js";
import { UserService } from "../auth/user.service.js";
import type { Connection } from "../common/connection.js";
import type { RequestContext } from "../common/context.js";
import { serviceFor } from "../common/service.js";
import { AuditLogArgs } from "./audit.args.js";
import { AuditService } from "./audit.service.js";
import { AuditEvent, AuditEventConnection } from "./audit.types.js";
import { restrictedQuery } from "../common/restricted.js";

@Resolver(() => AuditEvent)
export class AuditResolver {
  @Authorized("EDITOR")
  @Query(() => AuditEventConnection, restrictedQuery("The audit log, newest first.", "editors and admins"))
  auditLog(@Args(() => AuditLogArgs) args: AuditLogArgs, @Ctx() context: RequestContext): Promise<Connection<AuditEvent>> {
    return serviceFor(context, AuditService).list(args);
  }

  @FieldResolver(() => JSONObjectScalar, {
    nullable: true,
    description: "What the action changed; null to viewers who may not read the record's fields (webhook endpoints: admins only).",
  })
  details(@Root() event: AuditEvent, @Ctx() context: RequestContext): unknown {
    return serviceFor(context, AuditService).detailsOf(event);
  }

  @FieldResolver(() => ID, { description: "The record's global id (as its own `id` field reads; it may no longer exist)." })
  entityId(@Root() event: AuditEvent): string {
    return globalId(event.entityType, event.entityId);
  }

  @FieldResolver(() => Int, { description: "The record's database key (its `rowId`)." })
  entityRowId(@Root() event: AuditEvent): number {
    return event.entityId;
  }

  @FieldResolver(() => Author, { nullable: true, description: "Who did it; null for the system (e.g. scheduled publishing)." })
  actor(@Root() event: AuditEvent, @Ctx() context: RequestContext): Promise<Author | null> | null {
    return event.actorId === null ? null : serviceFor(context, UserService).author(event.actorId);
  }
}
