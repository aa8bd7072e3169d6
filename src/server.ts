import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from "@apollo/server/plugin/disabled";
import type { Redis } from "ioredis";
import cors from "cors";
import { GraphQLError } from "graphql";
import express, { type NextFunction, type Request, type Response } from "express";
import type { Logger } from "pino";
import type { Config } from "./config.js";
import { authenticate } from "./auth/user.service.js";
import { rejectedTokenPlugin } from "./auth/rejected-token.js";
import { createRequestContext, type RequestContext, type RequestSettings } from "./common/context.js";
import { refuseCrossSiteSimplePosts } from "./common/csrf.js";
import { createErrorFormatter, ErrorCode, isClientError, isDatabaseUnavailable, serviceUnavailable } from "./common/errors.js";
import { authenticationFailure } from "./common/graphql-over-http.js";
import { httpCachePolicy } from "./common/http-cache.js";
import { rejectUnstorableInput } from "./common/input-hygiene.js";
import { refuseSubscriptions } from "./common/operation-types.js";
import { queryLimitsPlugin } from "./common/query-limits.js";
import { requestId, requestLogging } from "./common/request-log.js";
import { requestRateLimit, SignInGuard } from "./common/rate-limits.js";
import { HealthMonitor } from "./common/health.js";
import { mountProbes } from "./common/probes.js";
import { PersistedQueryStore } from "./common/persisted-queries.js";
import { ResponseCache } from "./common/response-cache.js";
import type { Database } from "./db/database.js";
import { countStatements, currentTally } from "./db/statement-counter.js";
import { buildApiSchema } from "./schema.js";
import { installCompiledReads } from "./db/compiled/install.js";
import { compiledOperations } from "./db/compiled/operation.js";
import { createMetrics } from "./metrics.js";
import { ReadYourWrites } from "./db/read-your-writes.js";
import { readRouting } from "./common/read-routing.js";
import { mountPlayground } from "./playground/playground.js";
import { introspectionForEditorsOnly } from "./playground/introspection.js";
import { WebhookAddressPolicy } from "./webhooks/address-policy.js";
import { mountTop10Upload } from "./charts/import.upload.js";
import { mountMetadataUpload } from "./metadata/upload.js";
import { LiveBus } from "./live/bus.js";
import { startLiveServer } from "./live/websocket.js";

/** Logs every error that is not the client's doing, with its stack: clients only see it masked. */
function logUnexpectedErrors(logger: Logger): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, operationName }) {
          for (const error of errors) {
            if (isClientError(error)) continue;
            if (isDatabaseUnavailable(error)) {
              logger.warn({ path: error.path, operationName, reason: (error.originalError ?? error).message }, "Database unavailable");
              continue;
            }
            logger.error({ err: error.originalError ?? error, path: error.path, operationName }, "Unexpected error");
          }
        },
      };
    },
  };
}

/** A request that failed only because the database is down answers 503 with Retry-After, as load balancers expect. */
const serviceUnavailableStatus: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== "single") return;
        const errors = response.body.singleResult.errors ?? [];
        if (errors.length > 0 && errors.some((error) => error.extensions?.code === "SERVICE_UNAVAILABLE")) {
          response.http.status = 503;
          response.http.headers.set("retry-after", "5");
        }
      },
    };
  },
};

/** Reports the request's SQL statement count in a response header, for tests and benchmarks. */
const statementCountHeader: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        const tally = currentTally();
        if (tally) response.http.headers.set("x-sql-statements", String(tally.count));
      },
    };
  },
};

/**
 * Body-parser refusals (too large, not JSON) as GraphQL-shaped JSON errors with a code, instead of
 * Express's HTML page; anything else is masked for the client and logged for us, as Apollo's
 * formatError does for GraphQL requests (an upload's failure reaches here).
 */
function httpErrors(logger: Logger) {
  return (error: unknown, request: Request, response: Response, next: NextFunction): void => {
    if (response.headersSent) return next(error);
    const status = (error as { status?: number }).status;
    const known: Record<number, [string, string]> = {
      413: ["PAYLOAD_TOO_LARGE", "The request body is too large."],
      400: ["BAD_REQUEST", "The request body is not valid JSON."],
      415: ["BAD_REQUEST", "Unsupported content encoding."],
    };
    const answer = status ? known[status] : undefined;
    if (!answer) logger.error({ err: error, requestId: response.locals.requestId, method: request.method, path: request.path }, "Unexpected error");
    const [code, message] = answer ?? ["INTERNAL_SERVER_ERROR", "Internal server error"];
    response.status(answer ? status! : 500).json({ errors: [{ message, extensions: { code } }] });
  };
}

export interface RunningServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Composition root of the HTTP side: Apollo on Express, over an already opened database (and Redis, if configured). */
export async function startServer(config: Config, database: Database, logger: Logger, redis: Redis | null = null): Promise<RunningServer> {
  const prefix = config.redis?.keyPrefix ?? "";
  const settings: RequestSettings = {
    tokens: { secret: new TextEncoder().encode(config.auth.jwtSecret), ttlSeconds: config.auth.jwtTtlSeconds },
    signIn: new SignInGuard(redis, `${prefix}limits:`, config.rateLimits, logger),
    webhookAddresses: new WebhookAddressPolicy(config.webhooks.allowedHosts),
  };
  const app = express();
  // One small limit for everyone, signed in or not: large files travel as uploads (POST /imports/top10).
  const jsonBodies = express.json({ limit: config.maxBodyBytes });
  const apiRateLimit = config.rateLimits.requestsPerMinute > 0 ? requestRateLimit(redis, `${prefix}limits:`, config.rateLimits.requestsPerMinute) : null;
  app.disable("x-powered-by");
  app.set("trust proxy", config.trustProxy);
  const httpServer: Server = createServer(app);
  // Node closes an idle keep-alive connection after 5 s by default, and a client that sends its next request
  // as it closes gets "other side closed" (POSTs are not retried). Longer than the 60 s idle timeout of common
  // load balancers, so the proxy, not us, ends idle connections; headers must time out after that.
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;

  const responseCache = redis && config.cache.responseCache ? new ResponseCache(redis, `${prefix}responses:`, config.cache.maxAgeSeconds, logger) : null;
  const stopInvalidating = responseCache?.listen();

  const health = new HealthMonitor(
    database,
    {
      intervalMs: config.healthCheckIntervalMs,
      probeTimeoutMs: config.database.kind === "external" ? config.database.connectTimeoutMs : 0,
    },
    logger,
  );
  await health.start();
  // Replicas are polled by the serving process only; until the first poll none is in rotation.
  await database.replicas?.start(config.healthCheckIntervalMs, logger);
  const readYourWrites = new ReadYourWrites(redis, prefix, config.readYourWritesMs, logger);
  const metrics = config.metrics ? createMetrics(database, health) : null;
  const persistedQueries = new PersistedQueryStore(redis, prefix, config.persistedQueries, logger);

  const schema = await buildApiSchema();
  const compiledAnswers = config.compiledReads ? compiledOperations(schema, installCompiledReads(schema, { planCacheSize: config.queryPlanCacheSize })) : null;
  const formatError = createErrorFormatter(config.mode);
  // Committed changes for subscriptions, shared by every instance (Redis, else PostgreSQL's LISTEN/NOTIFY).
  const liveBus = await LiveBus.start(
    { redis, channel: `${prefix}live`, postgres: database.embedded ? null : { url: database.url, pool: database.pool } },
    logger,
  );
  const apollo = new ApolloServer<RequestContext>({
    schema,
    // With the playground on but introspection off (production), editors still get it: see introspectionForEditorsOnly.
    introspection: config.introspection || config.playground,
    includeStacktraceInErrorResponses: config.mode === "development",
    // In production, validation errors do not suggest field names ("Did you mean ...?").
    hideSchemaDetailsFromClientErrors: config.mode === "production",
    formatError,
    // A token limit refuses huge query texts while parsing, as a clean 400.
    parseOptions: { maxTokens: config.queryLimits.maxTokens },
    // Replaced by refuseCrossSiteSimplePosts, which spares GET (see there why that is safe).
    csrfPrevention: false,
    // The CLI owns shutdown (scheduler, database); Apollo's own signal handlers would race it.
    stopOnTerminationSignals: false,
    // Automatic persisted queries (keys "<prefix>apq:<sha256>"): shared by all instances through Redis when
    // configured; bounded, and registered only after a successful answer (common/persisted-queries.ts).
    persistedQueries: { cache: persistedQueries, ttl: config.persistedQueries.ttlSeconds },
    plugins: [
      // Cache-Control is decided per response (httpCachePolicy), not from per-field hints.
      ApolloServerPluginCacheControlDisabled(),
      // Nothing reports to Apollo's cloud: an APOLLO_KEY in the environment must not switch on per-request
      // traces and usage reports (per-field timing, a trace tree for each request) behind our backs.
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      httpCachePolicy(config.cache.maxAgeSeconds),
      ...(responseCache ? [responseCache.plugin()] : []),
      persistedQueries.plugin(),
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.shutdownGraceMs }),
      ApolloServerPluginLandingPageDisabled(),
      ...(config.exposeStatementCount ? [statementCountHeader] : []),
      logUnexpectedErrors(logger),
      serviceUnavailableStatus,
      requestLogging(logger),
      ...(metrics ? [metrics.plugin] : []),
      refuseSubscriptions,
      rejectUnstorableInput,
      rejectedTokenPlugin,
      ...(config.playground && !config.introspection ? [introspectionForEditorsOnly] : []),
      queryLimitsPlugin(config.queryLimits),
      ...(database.replicas ? [readRouting(database.reads, readYourWrites)] : []),
      // Last: a cached response (responseCache) answers before it, and every didResolveOperation hook has run.
      ...(compiledAnswers ? [compiledAnswers] : []),
    ],
  });
  await apollo.start();

  app.use(requestId);
  // Liveness: the process answers.
  app.get("/health", (_request, response) => {
    response.json({ status: "ok" });
  });
  mountProbes(app, {
    config,
    health,
    replicas: database.replicas,
    metrics,
    // A limit of their own: probes and scrapers come every few seconds, and must not eat the API's allowance.
    rateLimit: config.probeRequestsPerMinute > 0 ? requestRateLimit(redis, `${prefix}limits:probe-`, config.probeRequestsPerMinute) : null,
  });
  mountTop10Upload(app, {
    prisma: database.prisma,
    settings,
    maxBytes: config.importMaxBytes,
    logger,
    rateLimit: apiRateLimit,
    onWrite: (userId) => readYourWrites.noteWrite(userId),
  });
  mountMetadataUpload(app, {
    prisma: database.prisma,
    settings,
    maxBytes: config.importMaxBytes,
    logger,
    rateLimit: apiRateLimit,
    onWrite: (userId) => readYourWrites.noteWrite(userId),
  });
  if (config.playground) mountPlayground(app, "/graphql");
  app.use(
    "/graphql",
    // Cross-origin browsers only from the configured origins (no wildcard): others get no CORS headers.
    cors({ origin: config.corsOrigins, methods: ["GET", "POST"], maxAge: 600 }),
    refuseCrossSiteSimplePosts,
    // Every statement made while serving a request is counted against it (X-SQL-Statements), when that is
    // exposed: the count follows the request through AsyncLocalStorage, which costs every promise a little.
    ...(config.exposeStatementCount ? [(_request: unknown, _response: unknown, next: () => void) => countStatements(next)] : []),
    ...(apiRateLimit ? [apiRateLimit] : []),
    jsonBodies,
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        let rejectedToken: GraphQLError | undefined;
        const viewer = await authenticate(database.prisma, req.headers.authorization, settings.tokens).catch((error: unknown) => {
          // Checking a token reads the user: with the database down that is a 503, not a 500.
          if (isDatabaseUnavailable(error)) throw serviceUnavailable();
          // A refused token fails the operation later (rejectedTokenPlugin), unless it is a signIn.
          // Its HTTP status follows the GraphQL-over-HTTP rules for the client's Accept header.
          if (error instanceof GraphQLError && error.extensions.code === ErrorCode.Unauthenticated) {
            rejectedToken = authenticationFailure(error, req);
            return null;
          }
          throw error;
        });
        const context = createRequestContext(database.prisma, viewer, settings, { id: res.locals.requestId as string, address: req.ip });
        context.rejectedToken = rejectedToken;
        return context;
      },
    }),
  );
  app.use(httpErrors(logger));
  // Subscriptions: WebSocket upgrades of the same /graphql path and port.
  const live = startLiveServer({
    httpServer,
    schema,
    prisma: database.prisma,
    settings,
    bus: liveBus,
    config,
    formatError: (error) => formatError(error.toJSON(), error),
    logger,
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://${config.host && config.host !== "0.0.0.0" ? config.host : "localhost"}:${port}/graphql`;
  logger.info({ url, database: database.embedded ? "embedded" : "external" }, "Greenlight is serving");

  return {
    url,
    port,
    async stop() {
      stopInvalidating?.();
      // Upgraded sockets are not the HTTP server's to drain: close them first (1001, going away).
      await live.stop();
      liveBus.stop();
      await Promise.all([health.stop(), database.replicas?.stop(), apollo.stop()]);
    },
  };
}
