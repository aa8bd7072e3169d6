import { GraphQLScalarType } from "graphql";
import {
  DateResolver,
  DateTimeResolver,
  JSONObjectResolver,
  NonNegativeFloatResolver,
  NonNegativeIntResolver,
  PositiveIntResolver,
  URLResolver,
} from "graphql-scalars";

/**
 * graphql-scalars' scalars with `@specifiedBy` (only JSONObject has one upstream), so clients and
 * code generators can tell what each one is. Every domain uses these instances.
 */
function specifiedBy(scalar: GraphQLScalarType, specifiedByURL: string): GraphQLScalarType {
  return new GraphQLScalarType({ ...scalar.toConfig(), specifiedByURL });
}

const scalarDocs = "https://the-guild.dev/graphql/scalars/docs/scalars";

/** A calendar date, `YYYY-MM-DD` (RFC 3339 full-date). */
export const DateScalar = specifiedBy(DateResolver, "https://www.rfc-editor.org/rfc/rfc3339#section-5.6");
/** An instant as an RFC 3339 date-time string with offset. */
export const DateTimeScalar = specifiedBy(DateTimeResolver, "https://scalars.graphql.org/andimarek/date-time.html");
export const NonNegativeIntScalar = specifiedBy(NonNegativeIntResolver, `${scalarDocs}/non-negative-int`);
export const PositiveIntScalar = specifiedBy(PositiveIntResolver, `${scalarDocs}/positive-int`);
export const NonNegativeFloatScalar = specifiedBy(NonNegativeFloatResolver, `${scalarDocs}/non-negative-float`);
export const URLScalar = specifiedBy(URLResolver, "https://url.spec.whatwg.org/#absolute-url-string");
/** A JSON object (ECMA-404); its values any JSON. */
export const JSONObjectScalar = JSONObjectResolver;
