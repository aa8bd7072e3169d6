import { IsOptional, Length, Matches, ValidateBy, buildMessage, type ValidationOptions } from "class-validator";
import { ArgsType, Field, ID } from "type-graphql";
import { badUserInput } from "./errors.js";
import { INT4_MAX, isEntityId } from "./storable.js";

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/**
 * Validates an `ID` argument or input field (one, or each of a list with `each: true`): our ids are
 * positive integers that fit their int4 columns, so a larger one is the client's mistake, not a database error.
 */
export function IsEntityId(options: ValidationOptions = {}): PropertyDecorator {
  return ValidateBy(
    {
      name: "isEntityId",
      validator: {
        validate: (value: unknown) => typeof value === "string" && isEntityId(value),
        defaultMessage: buildMessage((each) => `${each}$property must be a positive integer id (at most ${INT4_MAX})`),
      },
    },
    options,
  );
}

/** Arguments of a mutation that acts on one record by id. */
@ArgsType()
export class IdArgs {
  @Field(() => ID, { description: "The record's id." })
  @IsEntityId()
    id: string;
}

/** Arguments of a single-item query: `id` or `slug`, exactly one. */
@ArgsType()
export class LookupArgs {
  @Field(() => ID, { nullable: true, description: "Find it by id (give `id` or `slug`, not both)." })
  @IsOptional()
  @IsEntityId()
    id?: string;

  @Field(() => String, { nullable: true, description: "Find it by slug, a former slug included (give `id` or `slug`, not both)." })
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
