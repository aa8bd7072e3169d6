import "reflect-metadata";
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import { RatingResolver, SeasonResolver, ShowResolver, StatusChangeResolver } from "./shows/show.resolver.js";

/** Every resolver class of the API; the schema is built from these and nothing else. */
const resolvers = [ShowResolver, SeasonResolver, RatingResolver, StatusChangeResolver] as const;

export function buildApiSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    validate: { forbidUnknownValues: false },
    // Nullability is spelled out on every field; lists never hold nulls.
    nullableByDefault: false,
  });
}

/** The SDL committed as schema.graphql, sorted so that it diffs cleanly. */
export function printApiSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
