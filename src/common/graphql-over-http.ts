import { GraphQLError } from "graphql";
import type { Request } from "express";

const GRAPHQL_RESPONSE_JSON = "application/graphql-response+json";

/**
 * Whether the answer will be `application/graphql-response+json`, whose status codes the
 * GraphQL-over-HTTP spec defines. Negotiated like Apollo does (application/json wins ties and
 * answers a missing Accept), so the status matches the content type Apollo then picks.
 */
export function answersGraphQLResponseJson(request: Request): boolean {
  return request.accepts(["application/json", GRAPHQL_RESPONSE_JSON]) === GRAPHQL_RESPONSE_JSON;
}

/**
 * An authentication failure found before execution (a malformed, expired or revoked token) as a
 * request error: with `application/json` a GraphQL result is HTTP 200 and clients read
 * `extensions.code` (a 401 there makes Apollo Client and others drop the error list and report
 * "Response not successful"); with `application/graphql-response+json` it is the spec's 401 with
 * the RFC 6750 challenge.
 */
export function authenticationFailure(error: GraphQLError, request: Request): GraphQLError {
  const http = answersGraphQLResponseJson(request)
    ? { status: 401, headers: new Map([["www-authenticate", 'Bearer error="invalid_token"']]) }
    : { status: 200 };
  return new GraphQLError(error.message, { extensions: { ...error.extensions, http } });
}
