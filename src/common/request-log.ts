import { randomUUID } from "node:crypto";
import type { ApolloServerPlugin } from "@apollo/server";
import type { NextFunction, Request, Response } from "express";
import type { Logger } from "pino";
import type { RequestContext } from "./context.js";

const CLIENT_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Gives every request an id (the caller's X-Request-Id when sensible), echoed in the response. */
export function requestId(request: Request, response: Response, next: NextFunction): void {
  const offered = request.header("x-request-id");
  const id = offered && CLIENT_ID.test(offered) ? offered : randomUUID();
  response.locals.requestId = id;
  response.setHeader("x-request-id", id);
  next();
}

/**
 * One structured log line per GraphQL request: id, operation, duration, user id and error codes.
 * Never the query text, variables or headers, so no token or password can reach the logs.
 */
export function requestLogging(logger: Logger): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = performance.now();
      logger.debug({ requestId: contextValue.requestId }, "graphql request started");
      return {
        async willSendResponse({ response, operation, operationName }) {
          // The errors as the client got them (after formatError), the same codes /metrics counts:
          // a database outage is SERVICE_UNAVAILABLE here too, not the raw error's INTERNAL_SERVER_ERROR.
          const sent = response.body.kind === "single" ? (response.body.singleResult.errors ?? []) : [];
          const codes = [...new Set(sent.map((error) => String(error.extensions?.code ?? "INTERNAL_SERVER_ERROR")))];
          logger.info(
            {
              requestId: contextValue.requestId,
              operation: operation?.operation,
              operationName: operationName ?? undefined,
              durationMs: Math.round((performance.now() - started) * 10) / 10,
              userId: contextValue.viewer?.id,
              status: response.http.status ?? 200,
              errors: codes.length ? codes : undefined,
            },
            "graphql request",
          );
        },
      };
    },
  };
}
