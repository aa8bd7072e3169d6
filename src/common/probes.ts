import { createHash, timingSafeEqual } from "node:crypto";
import type { Express, NextFunction, Request, RequestHandler, Response } from "express";
import type { Config } from "../config.js";
import { countStatements } from "../db/statement-counter.js";
import type { createMetrics } from "../metrics.js";
import type { HealthMonitor } from "./health.js";
import type { ReplicaSet } from "../db/replicas.js";

type Metrics = ReturnType<typeof createMetrics>;

function sameSecret(offered: string, expected: string): boolean {
  // Digests first: equal lengths for timingSafeEqual, and no early exit that would time the token's length.
  const digest = (text: string) => createHash("sha256").update(text).digest();
  return timingSafeEqual(digest(offered), digest(expected));
}

/** /metrics only for the bearer of METRICS_TOKEN, when one is set. */
function requireMetricsToken(token: string): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    const offered = /^Bearer (.+)$/i.exec(request.headers.authorization ?? "")?.[1];
    if (offered && sameSecret(offered, token)) return next();
    response
      .status(401)
      .setHeader("www-authenticate", 'Bearer realm="metrics"')
      .json({ errors: [{ message: "The metrics token is missing or wrong.", extensions: { code: "UNAUTHENTICATED" } }] });
  };
}

interface ProbeAnswer {
  status: number;
  contentType: string;
  body: string;
}

/**
 * Sends the statements a probe cost in X-SQL-Statements (when exposed): always 0, since probes answer
 * from the background health check; the header lets tests hold that line.
 */
function probe(config: Config, answer: () => Promise<ProbeAnswer> | ProbeAnswer): RequestHandler {
  return (_request, response, next) => {
    const { tally, result } = countStatements(async () => answer());
    result.then(({ status, contentType, body }) => {
      if (config.exposeStatementCount) response.setHeader("x-sql-statements", String(tally.count));
      response.status(status).setHeader("content-type", contentType).end(body);
    }, next);
  };
}

/**
 * GET /ready and GET /metrics: rate limited per address, answered from the background health check
 * (no database query per request), /metrics behind METRICS_TOKEN when set and absent (404) in
 * production without one, so it never leaks to the public by default.
 */
export function mountProbes(
  app: Express,
  options: { config: Config; health: HealthMonitor; replicas: ReplicaSet | null; metrics: Metrics | null; rateLimit: RequestHandler | null },
): void {
  const { config, health, replicas, metrics, rateLimit } = options;
  const limited = rateLimit ? [rateLimit] : [];
  // Readiness: the database answers and has every migration this build ships (as of the last check).
  // Replicas are listed but do not decide it: without them, reads fall back to the primary.
  app.get(
    "/ready",
    ...limited,
    probe(config, () => {
      const { readiness } = health.current();
      const body = replicas ? { ...readiness, replicas: replicas.status().map(({ replica, state, lagMs }) => ({ replica, state, lagMs })) } : readiness;
      return { status: readiness.status === "ready" ? 200 : 503, contentType: "application/json; charset=utf-8", body: JSON.stringify(body) };
    }),
  );
  if (!metrics) return;
  if (config.mode === "production" && !config.metricsToken) return;
  app.get(
    "/metrics",
    ...limited,
    ...(config.metricsToken ? [requireMetricsToken(config.metricsToken)] : []),
    probe(config, async () => {
      const { contentType, text } = await metrics.exposition();
      return { status: 200, contentType, body: text };
    }),
  );
}
