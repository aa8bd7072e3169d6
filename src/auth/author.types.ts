import { Field, ObjectType } from "type-graphql";
import { Node } from "../common/node.js";

/** What anyone may know about a user who wrote something: no email, no role. */
@ObjectType({ implements: Node, description: "The public face of an article's author." })
export class Author {
  id: number;

  @Field(() => String)
  name: string;
}
