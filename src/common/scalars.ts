import { GraphQLError, GraphQLScalarType, type ValueNode } from "graphql";
import { DateResolver, DateTimeResolver } from "graphql-scalars";
import { isStorableDate } from "./storable.js";

// Scalars come from graphql-scalars; re-exported here so every domain uses the same instances.
export {
  NonNegativeIntResolver as NonNegativeIntScalar,
  PositiveIntResolver as PositiveIntScalar,
  NonNegativeFloatResolver as NonNegativeFloatScalar,
  URLResolver as URLScalar,
} from "graphql-scalars";

/**
 * graphql-scalars' date scalar, narrowed to the years a column can hold (1 to 9999): "0000-01-01"
 * is a valid ISO date to it but not to PostgreSQL, and should be refused as input, not fail as SQL.
 */
function storableDates(scalar: GraphQLScalarType<Date, unknown>): GraphQLScalarType<Date, unknown> {
  const config = scalar.toConfig();
  const checked = (date: Date, node?: ValueNode): Date => {
    if (!isStorableDate(date)) throw new GraphQLError(`${scalar.name} must be between the years 1 and 9999.`, { nodes: node });
    return date;
  };
  return new GraphQLScalarType<Date, unknown>({
    ...config,
    parseValue: (value: unknown) => checked(config.parseValue!(value) as Date),
    parseLiteral: (node: ValueNode, variables?: Record<string, unknown> | null) => checked(config.parseLiteral!(node, variables) as Date, node),
  });
}

export const DateScalar = storableDates(DateResolver as GraphQLScalarType<Date, unknown>);
export const DateTimeScalar = storableDates(DateTimeResolver as GraphQLScalarType<Date, unknown>);
