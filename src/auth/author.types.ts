import { Field, ID, ObjectType } from "type-graphql";

/** What anyone may know about a user who wrote something: no email, no role. */
@ObjectType({ description: "The public face of an article's author." })
export class Author {
  @Field(() => ID)
  id: number;

  @Field(() => String)
  name: string;
}
