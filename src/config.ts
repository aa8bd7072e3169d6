import { z } from "zod";

const booleanFlag = z
  .enum(["true", "false", "1", "0"])
  .transform((value) => value === "true" || value === "1");

const environmentSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().min(1).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// connection URL")
    .optional(),
  DATABASE_READ_URLS: z
    .string()
    .transform((text) => text.split(",").map((url) => url.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^postgres(ql)?:\/\//, "must be postgresql:// connection URLs, comma-separated")).min(1, "must name at least one replica"))
    .optional(),
  READ_YOUR_WRITES_MS: z.coerce.number().int().min(0).max(3_600_000).default(10_000),
  REPLICA_MAX_LAG_MS: z.coerce.number().int().min(100).max(3_600_000).default(5000),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  HEAP_GROWTH_PERCENT: z.coerce.number().int().min(0).max(100).default(30),
  QUERY_PLAN_CACHE_SIZE: z.coerce.number().int().min(0).max(100_000).default(500),
  COMPILED_READS: z.enum(["on", "off"]).default("on"),
  DATA_DIR: z.string().min(1).default(".data/pglite"),
  MIGRATE_ON_START: booleanFlag.optional(),
  SEED_ON_START: booleanFlag.optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  INTROSPECTION: booleanFlag.optional(),
  PLAYGROUND: booleanFlag.optional(),
  SCHEDULER_ENABLED: booleanFlag.default(true),
  EXPOSE_SQL_STATEMENT_COUNT: booleanFlag.optional(),
  WEBHOOKS_ENABLED: booleanFlag.default(true),
  MAX_QUERY_DEPTH: z.coerce.number().int().min(2).max(100).default(12),
  MAX_QUERY_ALIASES: z.coerce.number().int().min(0).max(1000).default(30),
  MAX_QUERY_COST: z.coerce.number().int().min(10).max(10_000_000).default(50_000),
  MAX_QUERY_TOKENS: z.coerce.number().int().min(100).max(1_000_000).default(5000),
  WEBHOOK_POLL_INTERVAL_MS: z.coerce.number().int().min(50).max(3_600_000).default(1000),
  WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(1000),
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(12),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  WEBHOOK_LEASE_MS: z.coerce.number().int().min(200).max(3_600_000).default(30_000),
  WEBHOOK_ALLOWED_HOSTS: z
    .string()
    .default("")
    .transform((text) => text.split(",").map((entry) => entry.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^[A-Za-z0-9.:/_-]{1,253}$/, "must be host names, addresses or CIDR ranges, comma-separated"))),
  JWT_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  JWT_TTL: z
    .string()
    .regex(/^\d+\s*[smhd]?$/, 'must be a duration such as "3600", "45m", "8h" or "7d"')
    .default("8h"),
  ADMIN_EMAIL: z.email("must be an email address").optional(),
  ADMIN_PASSWORD: z.string().min(12, "must be at least 12 characters").max(256).optional(),
  SCHEDULER_INTERVAL_MS: z.coerce.number().int().min(50).max(3_600_000).default(5000),
  DELETED_ARTICLE_RETENTION: z
    .string()
    .regex(/^\d+\s*[smhd]?$/, 'must be a duration such as "3600", "45m", "8h" or "30d"')
    .default("30d"),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  REDIS_KEY_PREFIX: z.string().regex(/^[A-Za-z0-9:_-]{1,64}$/, "must be 1-64 letters, digits, ':', '_' or '-'").default("greenlight:"),
  APQ_MAX_ENTRIES: z.coerce.number().int().min(1).max(1_000_000).default(2000),
  APQ_MAX_QUERY_BYTES: z.coerce.number().int().min(256).max(1024 * 1024).default(16 * 1024),
  APQ_TTL_SECONDS: z.coerce.number().int().min(1).max(7 * 86_400).default(86_400),
  CACHE_MAX_AGE: z.coerce.number().int().min(0).max(86_400).default(60),
  RESPONSE_CACHE: booleanFlag.optional(),
  METRICS: booleanFlag.default(true),
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").max(512).optional(),
  PROBE_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(120),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(30_000),
  STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
  DATABASE_QUERY_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).optional(),
  LIVE_MAX_CONNECTIONS_PER_USER: z.coerce.number().int().min(1).max(10_000).default(8),
  LIVE_MAX_SUBSCRIPTIONS_PER_CONNECTION: z.coerce.number().int().min(1).max(10_000).default(20),
  LIVE_MAX_MESSAGE_BYTES: z.coerce.number().int().min(1024).max(16 * 1024 * 1024).default(64 * 1024),
  LIVE_KEEPALIVE_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  HEALTH_CHECK_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
  CORS_ORIGINS: z
    .string()
    .default("")
    .transform((text) => text.split(",").map((origin) => origin.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^https?:\/\/[^/\s]+$/, "must be origins like https://www.example.com, comma-separated"))),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(600),
  SIGNIN_MAX_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(30),
  SIGNIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).max(100_000).default(10),
  SIGNIN_MAX_DELAY_MS: z.coerce.number().int().min(0).max(600_000).default(30_000),
  TRUST_PROXY: z.string().regex(/^(false|true|\d{1,2}|[\w.:/, -]+)$/, "must be false, true, a hop count or addresses").default("false"),
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(256 * 1024),
  IMPORT_MAX_BYTES: z.coerce.number().int().min(1024).max(1024 * 1024 * 1024).default(64 * 1024 * 1024),
});

export type Mode = "development" | "production" | "test";

export interface Config {
  mode: Mode;
  /** The seed's development accounts: only with NODE_ENV=development set explicitly, never by default. */
  developmentAccounts: boolean;
  port: number;
  host: string | undefined;
  database:
    | {
        kind: "external";
        url: string;
        poolSize: number;
        statementTimeoutMs: number;
        /** Opening a connection or waiting for a free one; then the request gets SERVICE_UNAVAILABLE. */
        connectTimeoutMs: number;
        /** Client side: a statement unanswered by then (a black-holed network) fails and its connection is destroyed; 0: never. */
        queryTimeoutMs: number;
        /** Streaming replicas that take read-only traffic (db/replicas.ts); empty: the primary serves everything. */
        readUrls: string[];
        /** A replica further behind than this (or not answering) is out of rotation until it catches up. */
        replicaMaxLagMs: number;
      }
    | { kind: "embedded"; dataDir: string; poolSize: number };
  /**
   * After a signed-in user's mutation, that user's reads go to the primary for this long, so they see their
   * own writes whatever a replica's lag (db/read-your-writes.ts); 0: off.
   */
  readYourWritesMs: number;
  /** Server processes sharing the port (node:cluster): one per core puts every core to work. */
  workers: number;
  /**
   * How far V8 lets the old generation grow past what the last major GC kept before collecting again
   * (V8's --heap-growing-percent); 0: V8's own heuristics. See serve.ts.
   */
  heapGrowthPercent: number;
  /** Prisma query plans kept for reuse (see db/query-plans.ts); 0: none. */
  queryPlanCacheSize: number;
  /** Compile reads into one SQL statement per root field (db/compiled/); false: the resolver path only. */
  compiledReads: boolean;
  /** Apply pending migrations before serving. Default: on for the embedded database only. */
  migrateOnStart: boolean;
  /** Load the seed when the database has no shows. Default: on for the embedded database only. */
  seedOnStart: boolean;
  logLevel: z.infer<typeof environmentSchema>["LOG_LEVEL"];
  introspection: boolean;
  /** GraphiQL for browsers at /graphql (assets served locally). */
  playground: boolean;
  /** Background jobs: scheduled publishing, and purging deleted drafts once their retention has passed. */
  scheduler: { enabled: boolean; intervalMs: number; deletedArticleRetentionSeconds: number };
  /** Refused before execution: see common/query-limits.ts for the cost model. */
  queryLimits: { maxDepth: number; maxAliases: number; maxCost: number; maxTokens: number };
  /** Delivery of the webhook outbox (every instance may run it; each delivery is claimed by one). */
  webhooks: {
    enabled: boolean;
    pollIntervalMs: number;
    retryBaseMs: number;
    maxAttempts: number;
    timeoutMs: number;
    leaseMs: number;
    /** Host names, addresses and CIDR ranges receivers may use although they are loopback, private or reserved. */
    allowedHosts: string[];
  };
  auth: {
    /** HS256 key for access tokens. */
    jwtSecret: string;
    jwtTtlSeconds: number;
    /** The first admin, created at start when no admin exists yet. */
    bootstrapAdmin: { email: string; password: string } | null;
  };
  /** Send X-SQL-Statements (statements per request) with every response; off in production by default. */
  exposeStatementCount: boolean;
  rateLimits: { requestsPerMinute: number; signInsPerAddress: number; signInFailuresPerAccount: number; signInMaxDelayMs: number };
  /** Express's "trust proxy": which X-Forwarded-For hops give the client address rate limits count. */
  trustProxy: boolean | number | string;
  /** Browser origins allowed to call the API cross-origin; none by default. */
  corsOrigins: string[];
  /** On SIGTERM, how long in-flight requests may take to finish before their connections are closed. */
  shutdownGraceMs: number;
  /** Prometheus metrics at GET /metrics. */
  metrics: boolean;
  /** Bearer token /metrics requires; unset, /metrics is open outside production and absent (404) in production. */
  metricsToken: string | null;
  /** Requests per client address per minute on /ready and /metrics; 0: unlimited. */
  probeRequestsPerMinute: number;
  /** How often the background check refreshes readiness and the database gauges (/ready and /metrics never query). */
  healthCheckIntervalMs: number;
  /** Largest JSON body /graphql accepts, from anyone. */
  maxBodyBytes: number;
  /** Largest file POST /imports/top10 accepts (read only after the admin token is verified). */
  importMaxBytes: number;
  /** Subscriptions over WebSocket on /graphql (live/websocket.ts), and their bounds. */
  live: {
    /** Open sockets per signed-in user (anonymous: per client address), per instance. */
    maxConnectionsPerUser: number;
    maxSubscriptionsPerConnection: number;
    /** Largest message a client may send; a larger one closes the socket (1009). */
    maxMessageBytes: number;
    /** Ping interval; a client that has not answered the previous ping by the next one is dropped. */
    keepaliveMs: number;
  };
  /** Shared state (APQ, response cache) lives in Redis when a URL is given; each process keeps its own otherwise. */
  redis: { url: string; keyPrefix: string } | null;
  /** Automatic persisted queries: bounded in count, size and lifetime (common/persisted-queries.ts). */
  persistedQueries: { maxEntries: number; maxQueryBytes: number; ttlSeconds: number };
  cache: {
    /** Cache-Control max-age of public answers (anonymous queries), and the response cache's TTL. */
    maxAgeSeconds: number;
    /** Whole-response cache for anonymous queries, in Redis; on by default when REDIS_URL is set. */
    responseCache: boolean;
  };
}

/** Used only outside production, where a missing JWT_SECRET stops the server instead. */
const DEVELOPMENT_JWT_SECRET = "greenlight-development-only-secret-do-not-use-in-production";

function durationSeconds(text: string): number {
  const match = /^(\d+)\s*([smhd]?)$/.exec(text)!;
  const unit = { "": 1, s: 1, m: 60, h: 3600, d: 86_400 }[match[2] as "" | "s" | "m" | "h" | "d"];
  return Number(match[1]) * unit;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Reads and validates the environment once, at start, so a typo fails loudly instead of at first use. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ""));
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join(".") || "environment"}: ${issue.message}`),
    );
  }
  const values = parsed.data;
  const embedded = values.DATABASE_URL === undefined;
  const problems: string[] = [];
  if (values.NODE_ENV === "production" && !values.JWT_SECRET) {
    problems.push("JWT_SECRET: required in production (at least 32 random characters, e.g. `openssl rand -base64 48`)");
  }
  if ((values.ADMIN_EMAIL === undefined) !== (values.ADMIN_PASSWORD === undefined)) {
    problems.push("ADMIN_EMAIL and ADMIN_PASSWORD: set both or neither");
  }
  if (values.WORKERS > 1 && embedded) {
    problems.push("WORKERS: more than one needs DATABASE_URL (the embedded database belongs to one process)");
  }
  if (values.DATABASE_READ_URLS && embedded) {
    problems.push("DATABASE_READ_URLS: needs DATABASE_URL (replicas stream from an external PostgreSQL primary; the embedded database has none)");
  }
  if (values.WEBHOOK_LEASE_MS <= values.WEBHOOK_TIMEOUT_MS) {
    problems.push("WEBHOOK_LEASE_MS: must be longer than WEBHOOK_TIMEOUT_MS, or another instance could send a delivery whose attempt is still waiting");
  }
  if (values.RESPONSE_CACHE && !values.REDIS_URL) {
    problems.push("RESPONSE_CACHE: needs REDIS_URL (the response cache is shared through Redis)");
  }
  // Longer than statement_timeout, so a slow statement is PostgreSQL's to cancel (TIMEOUT, connection kept),
  // and only a statement that gets no answer at all (a dead network path) is given up by the client.
  const queryTimeoutMs = values.DATABASE_QUERY_TIMEOUT_MS ?? (values.STATEMENT_TIMEOUT_MS > 0 ? values.STATEMENT_TIMEOUT_MS + 5000 : 0);
  if (queryTimeoutMs > 0 && values.STATEMENT_TIMEOUT_MS > 0 && queryTimeoutMs <= values.STATEMENT_TIMEOUT_MS) {
    problems.push("DATABASE_QUERY_TIMEOUT_MS: must be longer than STATEMENT_TIMEOUT_MS, or slow statements would be cut client-side instead of cancelled by PostgreSQL");
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    mode: values.NODE_ENV,
    developmentAccounts: present.NODE_ENV === "development",
    port: values.PORT,
    host: values.HOST,
    database: embedded
      ? // PGlite is one session: its socket server interleaves the extended-protocol messages of
        // concurrent connections (one's Bind meets another's Parse), so the app uses exactly one.
        { kind: "embedded", dataDir: values.DATA_DIR, poolSize: 1 }
      : {
          kind: "external",
          url: values.DATABASE_URL!,
          poolSize: values.DATABASE_POOL_SIZE,
          statementTimeoutMs: values.STATEMENT_TIMEOUT_MS,
          connectTimeoutMs: values.DATABASE_CONNECT_TIMEOUT_MS,
          queryTimeoutMs,
          readUrls: values.DATABASE_READ_URLS ?? [],
          replicaMaxLagMs: values.REPLICA_MAX_LAG_MS,
        },
    readYourWritesMs: values.READ_YOUR_WRITES_MS,
    workers: values.WORKERS,
    heapGrowthPercent: values.HEAP_GROWTH_PERCENT,
    queryPlanCacheSize: values.QUERY_PLAN_CACHE_SIZE,
    compiledReads: values.COMPILED_READS === "on",
    migrateOnStart: values.MIGRATE_ON_START ?? embedded,
    seedOnStart: values.SEED_ON_START ?? embedded,
    logLevel: values.LOG_LEVEL,
    introspection: values.INTROSPECTION ?? values.NODE_ENV !== "production",
    playground: values.PLAYGROUND ?? values.NODE_ENV !== "production",
    scheduler: {
      enabled: values.SCHEDULER_ENABLED,
      intervalMs: values.SCHEDULER_INTERVAL_MS,
      deletedArticleRetentionSeconds: durationSeconds(values.DELETED_ARTICLE_RETENTION),
    },
    exposeStatementCount: values.EXPOSE_SQL_STATEMENT_COUNT ?? values.NODE_ENV !== "production",
    maxBodyBytes: values.MAX_BODY_BYTES,
    importMaxBytes: values.IMPORT_MAX_BYTES,
    metrics: values.METRICS,
    metricsToken: values.METRICS_TOKEN ?? null,
    probeRequestsPerMinute: values.PROBE_RATE_LIMIT_PER_MINUTE,
    healthCheckIntervalMs: values.HEALTH_CHECK_INTERVAL_MS,
    shutdownGraceMs: values.SHUTDOWN_GRACE_MS,
    corsOrigins: values.CORS_ORIGINS,
    rateLimits: {
      requestsPerMinute: values.RATE_LIMIT_PER_MINUTE,
      signInsPerAddress: values.SIGNIN_MAX_PER_ADDRESS,
      signInFailuresPerAccount: values.SIGNIN_MAX_FAILURES_PER_ACCOUNT,
      signInMaxDelayMs: values.SIGNIN_MAX_DELAY_MS,
    },
    trustProxy:
      values.TRUST_PROXY === "false" ? false : values.TRUST_PROXY === "true" ? true : /^\d+$/.test(values.TRUST_PROXY) ? Number(values.TRUST_PROXY) : values.TRUST_PROXY,
    live: {
      maxConnectionsPerUser: values.LIVE_MAX_CONNECTIONS_PER_USER,
      maxSubscriptionsPerConnection: values.LIVE_MAX_SUBSCRIPTIONS_PER_CONNECTION,
      maxMessageBytes: values.LIVE_MAX_MESSAGE_BYTES,
      keepaliveMs: values.LIVE_KEEPALIVE_MS,
    },
    redis: values.REDIS_URL ? { url: values.REDIS_URL, keyPrefix: values.REDIS_KEY_PREFIX } : null,
    persistedQueries: { maxEntries: values.APQ_MAX_ENTRIES, maxQueryBytes: values.APQ_MAX_QUERY_BYTES, ttlSeconds: values.APQ_TTL_SECONDS },
    cache: {
      maxAgeSeconds: values.CACHE_MAX_AGE,
      responseCache: Boolean(values.REDIS_URL) && (values.RESPONSE_CACHE ?? true) && values.CACHE_MAX_AGE > 0,
    },
    queryLimits: {
      maxDepth: values.MAX_QUERY_DEPTH,
      maxAliases: values.MAX_QUERY_ALIASES,
      maxCost: values.MAX_QUERY_COST,
      maxTokens: values.MAX_QUERY_TOKENS,
    },
    webhooks: {
      enabled: values.WEBHOOKS_ENABLED,
      pollIntervalMs: values.WEBHOOK_POLL_INTERVAL_MS,
      retryBaseMs: values.WEBHOOK_RETRY_BASE_MS,
      timeoutMs: values.WEBHOOK_TIMEOUT_MS,
      leaseMs: values.WEBHOOK_LEASE_MS,
      allowedHosts: values.WEBHOOK_ALLOWED_HOSTS,
      maxAttempts: values.WEBHOOK_MAX_ATTEMPTS,
    },
    auth: {
      jwtSecret: values.JWT_SECRET ?? DEVELOPMENT_JWT_SECRET,
      jwtTtlSeconds: durationSeconds(values.JWT_TTL),
      bootstrapAdmin:
        values.ADMIN_EMAIL && values.ADMIN_PASSWORD ? { email: values.ADMIN_EMAIL, password: values.ADMIN_PASSWORD } : null,
    },
  };
}
