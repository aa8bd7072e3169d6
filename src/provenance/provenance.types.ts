import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { ProvenanceOrigin } from "../db/generated/enums.js";
import { DateTimeScalar } from "../common/scalars.js";

registerEnumType(ProvenanceOrigin, {
  name: "ProvenanceOrigin",
  description: "Where a curated field's value came from.",
  valuesConfig: {
    EDITOR: { description: "Set by an editor through the API; imports and the seed never overwrite it." },
    SEED: { description: "Loaded with the seed data." },
    IMPORT: { description: "Written by an import (`file` and `line` say from where)." },
  },
});
export { ProvenanceOrigin };

@ObjectType({ description: "Where the current value of one curated field came from." })
export class FieldProvenance {
  userId: number | null;

  @Field(() => String, { description: "The field, as the API names it (synopsis, title ...)." })
  field: string;

  @Field(() => ProvenanceOrigin)
  origin: ProvenanceOrigin;

  @Field(() => String, { nullable: true, description: "For an import: the file's name." })
  file: string | null;

  @Field(() => Int, { nullable: true, description: "For an import: the line of the file the value came from." })
  line: number | null;

  @Field(() => DateTimeScalar)
  recordedAt: Date;
}
