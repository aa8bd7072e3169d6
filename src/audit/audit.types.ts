import { Field, ID, Int, ObjectType } from "type-graphql";
import { connectionType } from "../common/connection.js";
import { DateTimeScalar, JSONObjectScalar } from "../common/scalars.js";

@ObjectType({ description: "One entry of the audit log: who did what to which record, and when." })
export class AuditEvent {
  @Field(() => ID)
  id: number;

  actorId: number | null;

  @Field(() => String, { description: 'What happened, e.g. "article.published".' })
  action: string;

  @Field(() => String, { description: 'The kind of record: "Article", "Show", "User" ...' })
  entityType: string;

  @Field(() => Int)
  entityId: number;

  @Field(() => JSONObjectScalar, { nullable: true })
  details: unknown;

  @Field(() => DateTimeScalar)
  createdAt: Date;
}

export const AuditEventConnection = connectionType("AuditEvent", AuditEvent);
