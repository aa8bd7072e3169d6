import { Field, ObjectType } from "type-graphql";
import { Node } from "../common/node.js";
import { connectionType } from "../common/connection.js";
import { DateTimeScalar } from "../common/scalars.js";

@ObjectType({ implements: Node, description: "One entry of the audit log: who did what to which record, and when." })
export class AuditEvent {
  id: number;

  actorId: number | null;

  @Field(() => String, { description: 'What happened, e.g. "article.published".' })
  action: string;

  @Field(() => String, { description: 'The kind of record: "Article", "Show", "User" ...' })
  entityType: string;

  /** Exposed as the record's global id (and `entityRowId`) by AuditResolver. */
  entityId: number;

  /** Exposed through AuditResolver.details, which applies the described record's field rules. */
  details: unknown;

  @Field(() => DateTimeScalar)
  createdAt: Date;
}

export const AuditEventConnection = connectionType("AuditEvent", AuditEvent);
