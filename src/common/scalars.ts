// Scalars come from graphql-scalars; re-exported here so every domain uses the same instances.
export {
  DateResolver as DateScalar,
  DateTimeResolver as DateTimeScalar,
  NonNegativeIntResolver as NonNegativeIntScalar,
  PositiveIntResolver as PositiveIntScalar,
  NonNegativeFloatResolver as NonNegativeFloatScalar,
  URLResolver as URLScalar,
} from "graphql-scalars";
