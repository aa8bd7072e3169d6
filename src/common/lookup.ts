import { IsOptional, Length, Matches } from "class-validator";
import { ArgsType, Field, ID } from "type-graphql";
import { badUserInput } from "./errors.js";
import { ANY_NODE_TYPE, IsGlobalId, rowIdOf } from "./node.js";

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Arguments of a mutation that acts on one record by id. */
@ArgsType()
export class IdArgs {
  @Field(() => ID, { description: "A global id read from the API." })
  @IsGlobalId(ANY_NODE_TYPE)
  id: string;
}

/** Arguments of a single-item query: `id` or `slug`, exactly one. */
@ArgsType()
export class LookupArgs {
  @Field(() => ID, { nullable: true, description: "Find it by id (give `id` or `slug`, not both)." })
  @IsOptional()
  @IsGlobalId(ANY_NODE_TYPE)
  id?: string;

  @Field(() => String, { nullable: true, description: "Find it by slug, a former slug included (give `id` or `slug`, not both)." })
  @IsOptional()
  @Length(1, 200)
  @Matches(SLUG_PATTERN, { message: "slug must be lowercase letters, digits and single hyphens" })
    slug?: string;
}

export type Lookup = { id: number } | { slug: string };

/** Checks that exactly one of `id` and `slug` was given, and that the id is one of `typeName`. */
export function parseLookup(args: LookupArgs, typeName: string): Lookup {
  if ((args.id === undefined) === (args.slug === undefined)) {
    throw badUserInput("Give exactly one of `id` or `slug`.", args.id === undefined ? "slug" : "id");
  }
  return args.id !== undefined ? { id: rowIdOf(typeName, args.id, "id") } : { slug: args.slug! };
}
