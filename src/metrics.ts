import { compiledPlanStats } from "./db/compiled/install.js";
import type { ApolloServerPlugin } from "@apollo/server";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { RequestContext } from "./common/context.js";
import type { Database } from "./db/database.js";
import type { HealthMonitor } from "./common/health.js";
import { queryPlanStats } from "./db/query-plans.js";

/** Operation names are client-chosen: only tidy ones become labels, and only so many of them. */
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const MAX_OPERATION_NAMES = 200;

/**
 * Prometheus metrics at GET /metrics (prom-client): GraphQL requests and their latency by operation,
 * errors by code, the database pool, the job queues, and Node's own process metrics.
 */
export function createMetrics(database: Database, health: HealthMonitor) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "greenlight_" });

  const requests = new Counter({
    name: "greenlight_graphql_requests_total",
    help: "GraphQL requests by operation type and name, and whether they had errors.",
    labelNames: ["type", "operation", "outcome"] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: "greenlight_graphql_request_duration_seconds",
    help: "Time from receiving a GraphQL request to sending its response.",
    labelNames: ["type", "operation"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const errors = new Counter({
    name: "greenlight_graphql_errors_total",
    help: "GraphQL errors by extensions.code.",
    labelNames: ["code"] as const,
    registers: [registry],
  });
  new Gauge({
    name: "greenlight_db_pool_connections",
    help: "Database pool connections: total open, idle, and requests waiting for one.",
    labelNames: ["state"] as const,
    registers: [registry],
    collect() {
      this.set({ state: "total" }, database.pool.totalCount);
      this.set({ state: "idle" }, database.pool.idleCount);
      this.set({ state: "waiting" }, database.pool.waitingCount);
    },
  });
  new Counter({
    name: "greenlight_query_plans_total",
    help: "Prisma query plans: reused from the plan cache, or compiled (QUERY_PLAN_CACHE_SIZE).",
    labelNames: ["result"] as const,
    registers: [registry],
    collect() {
      this.reset();
      this.inc({ result: "reused" }, queryPlanStats.reused);
      this.inc({ result: "compiled" }, queryPlanStats.compiled);
    },
  });
  new Counter({
    name: "greenlight_compiled_reads_total",
    help: "Compiled read path (COMPILED_READS): root fields answered by one compiled statement, or by their resolvers (fallback); plans compiled and reused; statements rendered (once per plan, viewer and variables, a lookup's id or slug excepted); operations answered without graphql-js executing them (answered) and those that had to be executed after all (executed).",
    labelNames: ["result"] as const,
    registers: [registry],
    collect() {
      this.reset();
      this.inc({ result: "statement" }, compiledPlanStats.statements);
      this.inc({ result: "fallback" }, compiledPlanStats.fallbacks);
      this.inc({ result: "plan_compiled" }, compiledPlanStats.compiled);
      this.inc({ result: "plan_reused" }, compiledPlanStats.reused);
      this.inc({ result: "answered" }, compiledPlanStats.answered);
      this.inc({ result: "executed" }, compiledPlanStats.executed);
      this.inc({ result: "statement_rendered" }, compiledPlanStats.rendered);
    },
  });
  const { replicas } = database;
  if (replicas) {
    const states = ["unknown", "healthy", "lagging", "unreachable", "not_a_replica"] as const;
    new Gauge({
      name: "greenlight_db_replica_state",
      help: "Each read replica's state as of its last poll (1 for the current one); only healthy replicas take reads.",
      labelNames: ["replica", "state"] as const,
      registers: [registry],
      collect() {
        for (const { replica, state } of replicas.status()) {
          for (const candidate of states) this.set({ replica, state: candidate }, candidate === state ? 1 : 0);
        }
      },
    });
    new Gauge({
      name: "greenlight_db_replica_lag_seconds",
      help: "How far each read replica is behind the primary, as of its last poll (absent while unknown).",
      labelNames: ["replica"] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const { replica, lagMs } of replicas.status()) if (lagMs !== null) this.set({ replica }, lagMs / 1000);
      },
    });
    new Counter({
      name: "greenlight_db_replica_reads_total",
      help: "Reads of read-only operations: served by a replica, or by the primary when none was in rotation or the replica failed.",
      labelNames: ["target"] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const { replica, reads } of replicas.status()) this.inc({ target: replica }, reads);
        this.inc({ target: "primary" }, replicas.primaryFallbacks);
      },
    });
  }
  new Gauge({
    name: "greenlight_job_queue_depth",
    help: "Work waiting for the background jobs: scheduled articles due, webhook deliveries pending (as of the last health check).",
    labelNames: ["queue"] as const,
    registers: [registry],
    // From the background health check: a scrape never queries the database.
    collect() {
      const { queues } = health.current();
      this.set({ queue: "scheduled_articles_due" }, queues.scheduledArticlesDue);
      this.set({ queue: "webhook_deliveries_pending" }, queues.webhookDeliveriesPending);
    },
  });

  const names = new Set<string>();
  const operationLabel = (name: string | null | undefined): string => {
    if (!name) return "anonymous";
    if (!OPERATION_NAME.test(name)) return "other";
    if (names.has(name)) return name;
    if (names.size >= MAX_OPERATION_NAMES) return "other";
    names.add(name);
    return name;
  };

  const plugin: ApolloServerPlugin<RequestContext> = {
    async requestDidStart() {
      const stop = duration.startTimer();
      return {
        async willSendResponse({ operation, operationName, response }) {
          const labels = { type: operation?.operation ?? "unknown", operation: operationLabel(operationName) };
          stop(labels);
          // The errors as clients get them, after formatting: the codes are the public ones.
          const failures = response.body.kind === "single" ? (response.body.singleResult.errors ?? []) : [];
          requests.inc({ ...labels, outcome: failures.length ? "error" : "ok" });
          for (const error of failures) errors.inc({ code: String(error.extensions?.code ?? "INTERNAL_SERVER_ERROR") });
        },
      };
    },
  };

  return {
    plugin,
    /** The Prometheus exposition text, and its content type. */
    async exposition(): Promise<{ contentType: string; text: string }> {
      return { contentType: registry.contentType, text: await registry.metrics() };
    },
  };
}
