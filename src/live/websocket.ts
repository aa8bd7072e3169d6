import type { Server } from "node:http";
import { CloseCode, type Context } from "graphql-ws";
import { useServer, type Extra } from "graphql-ws/use/ws";
import { GraphQLError, getOperationAST, parse, specifiedRules, validate, type ExecutionArgs, type GraphQLSchema } from "graphql";
import { decodeJwt } from "jose";
import type { Logger } from "pino";
import { WebSocketServer, type WebSocket } from "ws";
import type { Config } from "../config.js";
import { authenticate } from "../auth/user.service.js";
import { createRequestContext, type RequestSettings, type Viewer } from "../common/context.js";
import { ErrorCode, isClientError, isDatabaseUnavailable } from "../common/errors.js";
import { checkQueryLimits } from "../common/query-limits.js";
import type { PrismaClient } from "../db/prisma.js";
import type { LiveBus } from "./bus.js";

/** graphql-ws leaves 4400-4499 to the application: these say why a socket was closed. */
export const LiveCloseCode = {
  /** The token in connection_init was refused at connect, or has been revoked or expired since. */
  TokenRefused: CloseCode.Forbidden,
  /** LIVE_MAX_CONNECTIONS_PER_USER reached. */
  TooManyConnections: 4429,
  /** The database could not be reached to check the token: try again. */
  TryAgainLater: 1013,
} as const;

interface Connection {
  socket: WebSocket;
  viewer: Viewer | null;
  authorization: string | undefined;
  key: string;
  expiry?: NodeJS.Timeout;
}

type LiveContext = Context<Record<string, unknown> | undefined, Extra & Record<PropertyKey, unknown>>;

/** The token of a connection_init payload: `authorization` or `Authorization`, as HTTP header value. */
function authorizationOf(payload: Record<string, unknown> | undefined): string | undefined {
  const value = payload?.authorization ?? payload?.Authorization;
  return typeof value === "string" ? value : value === undefined || value === null ? undefined : "";
}

/** WebSocket close reasons are limited to 123 bytes. */
function reason(text: string): string {
  return Buffer.byteLength(text) <= 123 ? text : `${Buffer.from(text).subarray(0, 120).toString()}...`;
}

function clientError(message: string, code: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions } });
}

/**
 * Subscriptions over WebSocket (graphql-ws protocol) on the HTTP server's own port and /graphql path.
 * The token travels in connection_init (browsers cannot set headers on a WebSocket) and is checked by
 * the same rules as HTTP; revoking it (sign-out, password change, user disabled, on any instance)
 * closes the user's sockets, and an expired one closes when it expires. Only subscriptions run here:
 * queries and mutations stay on HTTP with its rate limits and CSRF rules. Since no browser sends
 * credentials by itself on a WebSocket, a cross-site page gains nothing by opening one: no Origin check.
 */
export function startLiveServer(options: {
  httpServer: Server;
  schema: GraphQLSchema;
  prisma: PrismaClient;
  settings: RequestSettings;
  bus: LiveBus;
  config: Pick<Config, "live" | "queryLimits">;
  formatError: (error: GraphQLError) => ReturnType<GraphQLError["toJSON"]>;
  logger: Logger;
}): { stop(): Promise<void> } {
  const { httpServer, schema, prisma, settings, bus, config, formatError, logger } = options;
  const limits = config.live;
  const connections = new Map<WebSocket, Connection>();
  const byKey = new Map<string, Set<Connection>>();

  const forget = (connection: Connection) => {
    clearTimeout(connection.expiry);
    connections.delete(connection.socket);
    const group = byKey.get(connection.key);
    group?.delete(connection);
    if (group?.size === 0) byKey.delete(connection.key);
  };
  const refuse = (socket: WebSocket, code: number, text: string) => {
    socket.close(code, reason(text));
    return false as const;
  };

  // Revocation bumps the user's tokenVersion inside an audited transaction: any change to a user,
  // on any instance, re-checks that user's sockets by the HTTP rules.
  const stopFollowing = bus.onChange((change) => {
    if (change.entityType !== "User") return;
    for (const connection of byKey.get(`user:${change.entityId}`) ?? []) {
      authenticate(prisma, connection.authorization, settings.tokens).then(
        (viewer) => {
          // A new role (a demoted editor above all) must not keep what the old one subscribed to: reconnect.
          if (viewer?.role !== connection.viewer?.role) {
            connection.socket.close(LiveCloseCode.TokenRefused, "Forbidden: your role changed; connect again");
          }
        },
        (error: unknown) => {
          if (isDatabaseUnavailable(error)) return;
          connection.socket.close(LiveCloseCode.TokenRefused, reason(`Forbidden: ${(error as Error).message}`));
        },
      );
    }
  });

  const wsServer = new WebSocketServer({ server: httpServer, path: "/graphql", maxPayload: limits.maxMessageBytes });
  const server = useServer<Record<string, unknown> | undefined>(
    {
      schema,
      connectionInitWaitTimeout: limits.keepaliveMs,
      onConnect: async (ctx: LiveContext) => {
        const { socket, request } = ctx.extra;
        const authorization = authorizationOf(ctx.connectionParams);
        let viewer: Viewer | null;
        try {
          viewer = await authenticate(prisma, authorization, settings.tokens);
        } catch (error) {
          if (isDatabaseUnavailable(error)) return refuse(socket, LiveCloseCode.TryAgainLater, "The database is unavailable; try again");
          if (error instanceof GraphQLError && error.extensions.code === ErrorCode.Unauthenticated) {
            return refuse(socket, LiveCloseCode.TokenRefused, `Forbidden: ${error.message}`);
          }
          throw error;
        }
        // Signed-in users are counted per user, anonymous readers per address (per instance).
        const key = viewer ? `user:${viewer.id}` : `address:${request.socket.remoteAddress ?? "unknown"}`;
        const group = byKey.get(key) ?? new Set<Connection>();
        if (group.size >= limits.maxConnectionsPerUser) {
          return refuse(socket, LiveCloseCode.TooManyConnections, `Too many connections: at most ${limits.maxConnectionsPerUser} per user`);
        }
        const connection: Connection = { socket, viewer, authorization, key };
        group.add(connection);
        byKey.set(key, group);
        connections.set(socket, connection);
        socket.once("close", () => forget(connection));
        if (viewer && authorization) {
          const expiresAt = decodeJwt(authorization.slice("Bearer ".length)).exp;
          if (expiresAt) {
            connection.expiry = setTimeout(
              () => socket.close(LiveCloseCode.TokenRefused, "Forbidden: The token has expired; sign in again."),
              Math.max(0, Math.min(expiresAt * 1000 - Date.now(), 2 ** 31 - 1)),
            );
          }
        }
        return true;
      },
      onSubscribe: (ctx: LiveContext, _id, payload) => {
        const connection = connections.get(ctx.extra.socket);
        if (!connection) return [clientError("Not connected.", ErrorCode.Unauthenticated)];
        // graphql-ws has already registered this one: more than the limit means one too many.
        if (Object.keys(ctx.subscriptions).length > limits.maxSubscriptionsPerConnection) {
          return [
            clientError(`Too many subscriptions on this connection: at most ${limits.maxSubscriptionsPerConnection}.`, "TOO_MANY_SUBSCRIPTIONS", {
              maxSubscriptions: limits.maxSubscriptionsPerConnection,
            }),
          ];
        }
        let document;
        try {
          document = parse(payload.query, { maxTokens: config.queryLimits.maxTokens });
        } catch (error) {
          return [clientError((error as Error).message, "GRAPHQL_PARSE_FAILED")];
        }
        const errors = validate(schema, document, specifiedRules);
        if (errors.length > 0) return errors.map((error) => clientError(error.message, "GRAPHQL_VALIDATION_FAILED", { locations: error.locations }));
        const operation = getOperationAST(document, payload.operationName);
        if (!operation) return [clientError("Give the operationName of one operation in the document.", "OPERATION_RESOLUTION_FAILURE")];
        if (operation.operation !== "subscription") {
          return [clientError("Only subscriptions run over WebSocket: send queries and mutations to /graphql over HTTP.", "OPERATION_NOT_SUPPORTED")];
        }
        try {
          checkQueryLimits(config.queryLimits, { operation, document, schema, variables: payload.variables ?? {}, operationName: payload.operationName ?? undefined });
        } catch (error) {
          if (error instanceof GraphQLError) return [error];
          throw error;
        }
        const args: ExecutionArgs = {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          // One context per subscription: live.resolver.ts renews its scope for every event.
          contextValue: { ...createRequestContext(prisma, connection.viewer, settings, { address: ctx.extra.request.socket.remoteAddress }), live: bus },
        };
        return args;
      },
      // Every error a client sees is shaped as on HTTP: codes kept, internals masked.
      onNext: (_ctx, _id, payload, _args, result) => {
        if (!result.errors) return undefined;
        for (const error of result.errors) {
          if (!isClientError(error)) logger.error({ err: error.originalError ?? error, path: error.path, operationName: payload.operationName }, "Unexpected error in a subscription");
        }
        return { ...result, errors: result.errors.map((error) => formatError(error)) };
      },
      onError: (_ctx, _id, _payload, errors) => errors.map((error) => formatError(error)),
    },
    wsServer,
    limits.keepaliveMs,
  );
  logger.debug("Subscriptions served over WebSocket on /graphql");
  return {
    async stop() {
      stopFollowing();
      for (const connection of connections.values()) clearTimeout(connection.expiry);
      await server.dispose();
    },
  };
}
