import { IsOptional, Length, Matches, type ValidationOptions } from "class-validator";
import { ArgsType, Field, ID } from "type-graphql";
import { badUserInput } from "./errors.js";

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const ID_PATTERN = /^[1-9][0-9]{0,9}$/;

/** Validates an `ID` argument: our ids are positive integers. */
export function IsEntityId(options: ValidationOptions = {}): PropertyDecorator {
  return Matches(ID_PATTERN, { message: "$property must be a positive integer id", ...options });
}

/** Arguments of a mutation that acts on one record by id. */
@ArgsType()
export class IdArgs {
  @Field(() => ID)
  @IsEntityId()
  id: string;
}

/** Arguments of a single-item query: `id` or `slug`, exactly one. */
@ArgsType()
export class LookupArgs {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsEntityId()
  id?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  @Matches(SLUG_PATTERN, { message: "slug must be lowercase letters, digits and single hyphens" })
  slug?: string;
}

export type Lookup = { id: number } | { slug: string };

/** Checks that exactly one of `id` and `slug` was given. */
export function parseLookup(args: LookupArgs): Lookup {
  if ((args.id === undefined) === (args.slug === undefined)) {
    throw badUserInput("Give exactly one of `id` or `slug`.", args.id === undefined ? "slug" : "id");
  }
  return args.id !== undefined ? { id: Number(args.id) } : { slug: args.slug! };
}
