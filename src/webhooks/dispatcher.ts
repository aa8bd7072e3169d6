import type { Logger } from "pino";
import { globalId } from "../common/node.js";
import { startPoller, type Poller } from "../common/poller.js";
import type { PrismaClient } from "../db/prisma.js";
import type { WebhookAddressPolicy } from "./address-policy.js";
import { sendWebhook } from "./send.js";
import { signPayload } from "./signature.js";

export interface WebhookDispatcherOptions {
  prisma: PrismaClient;
  logger: Logger;
  pollIntervalMs: number;
  retryBaseMs: number;
  maxAttempts: number;
  /** How long a claimed delivery stays this worker's before another may retry it. */
  leaseMs?: number;
  timeoutMs?: number;
  batchSize?: number;
  /** Checked again at every attempt, after DNS resolution: a receiver's name may come to point inward. */
  addressPolicy: WebhookAddressPolicy;
}

/** `runOnce` delivers every due delivery now and returns how many it attempted. */
export type WebhookDispatcher = Poller;

const MAX_BACKOFF_MS = 60 * 60 * 1000;

/** Exponential backoff with full jitter on its upper half: base · 2^(attempt−1), at most an hour. */
export function backoffMs(attempt: number, baseMs: number): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

interface ClaimedDelivery {
  id: number;
  event: string;
  payload: unknown;
  attempts: number;
  url: string;
  secret: string;
}

/**
 * Delivers the outbox. Due rows are claimed with FOR UPDATE SKIP LOCKED and a lease, in a short
 * transaction; HTTP happens outside any transaction; the outcome is written back. Several
 * instances never deliver one row at the same time, and a crash mid-delivery only delays it.
 */
export function startWebhookDispatcher(options: WebhookDispatcherOptions): WebhookDispatcher {
  const { prisma, logger } = options;
  const leaseMs = options.leaseMs ?? 30_000;
  const timeoutMs = options.timeoutMs ?? 10_000;

  async function claim(): Promise<ClaimedDelivery[]> {
    return prisma.$queryRaw<ClaimedDelivery[]>`
      UPDATE "WebhookDelivery" AS d
      SET "lockedUntil" = (now() AT TIME ZONE 'UTC') + (${leaseMs}::int * interval '1 millisecond')
      FROM "WebhookEndpoint" AS e
      WHERE d.id IN (
        -- A deactivated endpoint's deliveries wait (they go out again if it is reactivated); they are
        -- left out here, not after the LIMIT, so they never take a batch's places.
        SELECT due.id FROM "WebhookDelivery" AS due
        JOIN "WebhookEndpoint" AS receiver ON receiver.id = due."endpointId" AND receiver.active
        WHERE due.status = 'PENDING' AND due."nextAttemptAt" <= (now() AT TIME ZONE 'UTC')
          AND (due."lockedUntil" IS NULL OR due."lockedUntil" < (now() AT TIME ZONE 'UTC'))
        ORDER BY due."nextAttemptAt", due.id
        LIMIT ${options.batchSize ?? 20}
        FOR UPDATE OF due SKIP LOCKED)
        AND e.id = d."endpointId"
      RETURNING d.id, d.event, d.payload, d.attempts, e.url, e.secret`;
  }

  async function deliver(delivery: ClaimedDelivery): Promise<void> {
    // The delivery's global id, as `webhookDeliveries` answers it, with its key beside it.
    const deliveryId = globalId("WebhookDelivery", delivery.id);
    const body = JSON.stringify({ id: deliveryId, rowId: delivery.id, ...(delivery.payload as object) });
    const { statusCode, error } = await sendWebhook(
      delivery.url,
      {
        "content-type": "application/json",
        "user-agent": "Greenlight-Webhooks/1",
        "x-greenlight-event": delivery.event,
        "x-greenlight-delivery": deliveryId,
        "x-greenlight-signature": signPayload(delivery.secret, body),
      },
      body,
      { policy: options.addressPolicy, timeoutMs },
    );
    const attempts = delivery.attempts + 1;
    if (error === null) {
      await prisma.webhookDelivery.update({
        where: { id: delivery.id },
        data: { status: "DELIVERED", attempts, lastStatusCode: statusCode, lastError: null, deliveredAt: new Date(), lockedUntil: null },
      });
      return;
    }
    const gaveUp = attempts >= options.maxAttempts;
    await prisma.webhookDelivery.update({
      where: { id: delivery.id },
      data: {
        status: gaveUp ? "FAILED" : "PENDING",
        attempts,
        lastStatusCode: statusCode,
        lastError: error,
        lockedUntil: null,
        nextAttemptAt: new Date(Date.now() + backoffMs(attempts, options.retryBaseMs)),
      },
    });
    logger.warn({ deliveryId: delivery.id, attempts, error, gaveUp }, "Webhook delivery failed");
  }

  return startPoller({
    name: "webhook-delivery",
    intervalMs: options.pollIntervalMs,
    logger,
    async work(isStopped) {
      let delivered = 0;
      for (let batch = await claim(); batch.length > 0 && !isStopped(); batch = await claim()) {
        await Promise.all(batch.map(deliver));
        delivered += batch.length;
      }
      return delivered;
    },
  });
}
