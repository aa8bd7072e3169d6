import { GraphQLError, GraphQLScalarType, type ValueNode } from "graphql";
import {
  DateResolver,
  DateTimeResolver,
  JSONObjectResolver,
  NonNegativeFloatResolver,
  NonNegativeIntResolver,
  PositiveIntResolver,
  URLResolver,
} from "graphql-scalars";
import { isStorableDate } from "./storable.js";

/**
 * graphql-scalars' scalars with `@specifiedBy` (only JSONObject has one upstream), so clients and
 * code generators can tell what each one is. Every domain uses these instances.
 */
function specifiedBy(scalar: GraphQLScalarType, specifiedByURL: string): GraphQLScalarType {
  return new GraphQLScalarType({ ...scalar.toConfig(), specifiedByURL });
}

/**
 * graphql-scalars' date scalar, narrowed to the years a column can hold (1 to 9999): "0000-01-01"
 * is a valid ISO date to it but not to PostgreSQL, and should be refused as input, not fail as SQL.
 */
function storableDates(scalar: GraphQLScalarType<Date, unknown>, specifiedByURL: string): GraphQLScalarType<Date, unknown> {
  const config = scalar.toConfig();
  const checked = (date: Date, node?: ValueNode): Date => {
    if (!isStorableDate(date)) throw new GraphQLError(`${scalar.name} must be between the years 1 and 9999.`, { nodes: node });
    return date;
  };
  return new GraphQLScalarType<Date, unknown>({
    ...config,
    specifiedByURL,
    parseValue: (value: unknown) => checked(config.parseValue!(value) as Date),
    parseLiteral: (node: ValueNode, variables?: Record<string, unknown> | null) => checked(config.parseLiteral!(node, variables) as Date, node),
  });
}

const scalarDocs = "https://the-guild.dev/graphql/scalars/docs/scalars";

/** A calendar date, `YYYY-MM-DD` (RFC 3339 full-date), years 1 to 9999. */
export const DateScalar = storableDates(DateResolver as GraphQLScalarType<Date, unknown>, "https://www.rfc-editor.org/rfc/rfc3339#section-5.6");
/** An instant as an RFC 3339 date-time string with offset, years 1 to 9999. */
export const DateTimeScalar = storableDates(DateTimeResolver as GraphQLScalarType<Date, unknown>, "https://scalars.graphql.org/andimarek/date-time.html");
export const NonNegativeIntScalar = specifiedBy(NonNegativeIntResolver, `${scalarDocs}/non-negative-int`);
export const PositiveIntScalar = specifiedBy(PositiveIntResolver, `${scalarDocs}/positive-int`);
export const NonNegativeFloatScalar = specifiedBy(NonNegativeFloatResolver, `${scalarDocs}/non-negative-float`);
export const URLScalar = specifiedBy(URLResolver, "https://url.spec.whatwg.org/#absolute-url-string");
/** A JSON object (ECMA-404); its values any JSON. */
export const JSONObjectScalar = JSONObjectResolver;
