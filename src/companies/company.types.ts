import { Field, Int, ObjectType } from "type-graphql";
import { Node } from "../common/node.js";
import { connectionType } from "../common/connection.js";
import { URLScalar } from "../common/scalars.js";

@ObjectType({ implements: Node, description: "A studio that produces shows." })
export class ProductionCompany {
  id: number;

  @Field(() => String)
  slug: string;

  @Field(() => Int, { description: "Bumped by every editor's save; edits name it as `baseVersion`." })
  version: number;

  @Field(() => String)
  name: string;

  @Field(() => String, { nullable: true, description: "ISO 3166-1 alpha-2 code of the company's home country." })
  country: string | null;

  @Field(() => URLScalar, { nullable: true })
  website: string | null;

  /** Counted in the query that read the company, when it did (saves a round trip). */
  knownShowCount?: number;
}

export const CompanyConnection = connectionType("ProductionCompany", ProductionCompany);
