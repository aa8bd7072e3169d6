import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { Node } from "../common/node.js";
import { connectionType } from "../common/connection.js";
import { CreditRole } from "../db/generated/enums.js";

registerEnumType(CreditRole, { name: "CreditRole", description: "What a person did on a show." });
export { CreditRole };

@ObjectType({ implements: Node, description: "Someone who made or appeared in a show." })
export class Person {
  id: number;

  @Field(() => String)
  slug: string;

  @Field(() => Int, { description: "Bumped by every editor's save; edits name it as `baseVersion`." })
  version: number;

  @Field(() => String)
  name: string;

  @Field(() => String, { nullable: true })
  bio: string | null;
}

@ObjectType({ implements: Node, description: "A person's role on a show." })
export class Credit {
  id: number;

  showId: number;
  personId: number;

  @Field(() => CreditRole)
  role: CreditRole;

  @Field(() => String, { nullable: true, description: "The character played, for CAST credits." })
  characterName: string | null;

  @Field(() => Int, { description: "Billing order within the role, lowest first." })
  position: number;

  /** Loaded with the credit when the query that read it joined the person (saves a round trip). */
  person?: Person;
}

export const PersonConnection = connectionType("Person", Person);
export const CreditConnection = connectionType("Credit", Credit);
