import type { Prisma } from "../db/prisma.js";

export const WEBHOOK_EVENTS = [
  "article.published",
  "article.unpublished",
  "show.status_changed",
  "article.needs_update",
  "show.updated",
  "person.updated",
  "company.updated",
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

type OutboxWriter = Pick<Prisma.TransactionClient, "webhookEndpoint" | "webhookDelivery">;

/**
 * Writes one delivery per active endpoint subscribed to `event` (no events listed = all).
 * Call it inside the transaction that causes the event: the event exists exactly when its cause does.
 */
export async function enqueueWebhookEvent(tx: OutboxWriter, event: WebhookEvent, payload: Prisma.InputJsonObject): Promise<number> {
  const endpoints = await tx.webhookEndpoint.findMany({
    where: { active: true, OR: [{ events: { isEmpty: true } }, { events: { has: event } }] },
    select: { id: true },
  });
  if (endpoints.length === 0) return 0;
  const createdAt = new Date().toISOString();
  const { count } = await tx.webhookDelivery.createMany({
    data: endpoints.map((endpoint) => ({ endpointId: endpoint.id, event, payload: { event, createdAt, data: payload } })),
  });
  return count;
}
