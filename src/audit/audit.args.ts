import { IsOptional, Matches, Min } from "class-validator";
import { ArgsType, Field, Int } from "type-graphql";
import { PageArgs } from "../common/pagination.js";

@ArgsType()
export class AuditLogArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: 'Only entries about this kind of record, e.g. "Article".' })
  @IsOptional()
  @Matches(/^[A-Z][A-Za-z]{1,40}$/, { message: "entityType must be a record type such as Article" })
  entityType?: string;

  @Field(() => Int, { nullable: true, description: "Only entries about this record (with entityType)." })
  @IsOptional()
  @Min(1)
  entityId?: number;
}
