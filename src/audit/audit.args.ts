import { IsOptional, Matches, ValidateNested } from "class-validator";
import { ArgsType, Field, ID, InputType } from "type-graphql";
import { ANY_NODE_TYPE, IsGlobalId } from "../common/node.js";
import { ConnectionArgs } from "../common/connection.js";
import { withBooleanOperators, type BooleanWhere } from "../common/filters.js";
import { DateTimeRange } from "../common/ranges.js";

@InputType({ description: "Filters on the audit log; every given condition must hold." })
export class AuditEventWhere {
  @Field(() => String, { nullable: true, description: 'Only entries about this kind of record, e.g. "Article".' })
  @IsOptional()
  @Matches(/^[A-Z][A-Za-z]{1,40}$/, { message: "entityType must be a record type such as Article" })
  entityType?: string;

  @Field(() => ID, { nullable: true, description: "Only entries about this record: its global `id` (which names its type too)." })
  @IsOptional()
  @IsGlobalId(ANY_NODE_TYPE)
  entityId?: string;

  @Field(() => String, { nullable: true, description: 'Only this action, e.g. "article.published".' })
  @IsOptional()
  @Matches(/^[a-z]+(\.[a-z_]+)+$/, { message: "action must look like article.published" })
  action?: string;

  @Field(() => DateTimeRange, { nullable: true })
  @IsOptional()
  @ValidateNested()
  createdAt?: DateTimeRange;
}
// The class's AND/OR/NOT fields (see common/filters.ts).
export interface AuditEventWhere extends BooleanWhere<AuditEventWhere> {}
withBooleanOperators(AuditEventWhere);

@ArgsType()
export class AuditLogArgs extends ConnectionArgs {
  @Field(() => AuditEventWhere, { nullable: true, description: "Only entries matching this filter." })
  @IsOptional()
  @ValidateNested()
    where?: AuditEventWhere;
}
