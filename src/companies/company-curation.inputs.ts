import { IsInt, IsOptional, IsUrl, Length, Matches, MaxLength, Min } from "class-validator";
import { IsGlobalId } from "../common/node.js";
import { ArgsType, Field, ID, InputType, Int } from "type-graphql";
import { SLUG_PATTERN } from "../common/lookup.js";
import { HTTP_URL } from "../common/validation.js";

@InputType()
abstract class CompanyFieldsInput {
  @Field(() => String, { nullable: true, description: "Lowercase words joined by hyphens." })
  @IsOptional()
  @Length(1, 120)
  @Matches(SLUG_PATTERN, { message: "slug must be lowercase letters, digits and single hyphens" })
  slug?: string;

  @Field(() => String, { nullable: true, description: "ISO 3166-1 alpha-2 code of the company's home country, e.g. CA." })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: "country must be an ISO 3166-1 alpha-2 code such as CA" })
  country?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2000)
  @IsUrl(HTTP_URL, { message: "website must be an http(s) URL" })
  website?: string | null;
}

@InputType({ description: "A production company to add to the catalogue." })
export class CreateProductionCompanyInput extends CompanyFieldsInput {
  @Field(() => String)
  @Length(1, 200)
  name: string;
}

@InputType({ description: "Changes to a production company: only the fields given change." })
export class UpdateProductionCompanyInput extends CompanyFieldsInput {
  @Field(() => ID)
  @IsGlobalId("ProductionCompany")
  id: string;

  @Field(() => Int, { description: "The company's `version` the edit was based on." })
  @IsInt()
  @Min(1)
  baseVersion: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  name?: string;
}

/** A show's link to a company is part of the show: it is edited at the show's `version`. */
@ArgsType()
export class CompanyLinkArgs {
  @Field(() => ID, { description: "The show." })
  @IsGlobalId("Show")
  showId: string;

  @Field(() => ID, { description: "The production company." })
  @IsGlobalId("ProductionCompany")
  companyId: string;

  @Field(() => Int, { description: "The show's `version` the edit was based on." })
  @IsInt()
  @Min(1)
  baseVersion: number;
}
