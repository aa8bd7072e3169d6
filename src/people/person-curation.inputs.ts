import { IsInt, IsOptional, Length, Matches, Max, MaxLength, Min } from "class-validator";
import { IsGlobalId } from "../common/node.js";
import { ArgsType, Field, ID, InputType, Int } from "type-graphql";
import { SLUG_PATTERN } from "../common/lookup.js";
import { CreditRole } from "./person.types.js";

const SLUG_MESSAGE = { message: "slug must be lowercase letters, digits and single hyphens" };

@InputType()
abstract class PersonFieldsInput {
  @Field(() => String, { nullable: true, description: "Lowercase words joined by hyphens; a former slug keeps resolving." })
  @IsOptional()
  @Length(1, 120)
  @Matches(SLUG_PATTERN, SLUG_MESSAGE)
  slug?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(5000)
  bio?: string | null;
}

@InputType({ description: "A person to add to the catalogue." })
export class CreatePersonInput extends PersonFieldsInput {
  @Field(() => String)
  @Length(1, 200)
  name: string;
}

@InputType({ description: "Changes to a person: only the fields given change." })
export class UpdatePersonInput extends PersonFieldsInput {
  @Field(() => ID)
  @IsGlobalId("Person")
  id: string;

  @Field(() => Int, { description: "The person's `version` the edit was based on." })
  @IsInt()
  @Min(1)
  baseVersion: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  name?: string;
}

@InputType()
abstract class CreditFieldsInput {
  @Field(() => String, { nullable: true, description: "The character played, for CAST credits." })
  @IsOptional()
  @Length(1, 200)
  characterName?: string | null;

  @Field(() => Int, { nullable: true, description: "Billing order within the role, lowest first." })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000)
  position?: number;
}

@InputType({ description: "A credit is part of its show: it is edited at the show's `version`." })
export class AddCreditInput extends CreditFieldsInput {
  @Field(() => ID)
  @IsGlobalId("Show")
  showId: string;

  @Field(() => Int, { description: "The show's `version` the edit was based on." })
  @IsInt()
  @Min(1)
  baseVersion: number;

  @Field(() => ID)
  @IsGlobalId("Person")
  personId: string;

  @Field(() => CreditRole)
  role: CreditRole;
}

@InputType({ description: "Changes to a credit: only the fields given change." })
export class UpdateCreditInput extends CreditFieldsInput {
  @Field(() => ID)
  @IsGlobalId("Credit")
  id: string;

  @Field(() => Int, { description: "The show's `version` the edit was based on." })
  @IsInt()
  @Min(1)
  baseVersion: number;

  @Field(() => CreditRole, { nullable: true })
  @IsOptional()
  role?: CreditRole;
}

@ArgsType()
export class RemoveCreditArgs {
  @Field(() => ID, { description: "The credit's id." })
  @IsGlobalId("Credit")
  id: string;

  @Field(() => Int, { description: "The show's `version` the edit was based on." })
  @IsInt()
  @Min(1)
  baseVersion: number;
}
