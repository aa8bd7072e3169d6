import { randomBytes } from "node:crypto";
import { globalId } from "../common/node.js";
import { recordAudit } from "../common/audit.js";
import { findPage, idOrdering, type Connection, type ConnectionArgs } from "../common/connection.js";
import type { Prisma } from "../db/prisma.js";
import { badUserInput, conflict, notFound } from "../common/errors.js";
import { RequestService } from "../common/service.js";
import type { RegisterWebhookInput, WebhookDelivery, WebhookDeliveryStatus, WebhookEndpoint, WebhookRegistration } from "./webhook.types.js";

/**
 * A receiver's URL as the audit log keeps it: without user name, password or query values, which
 * are where receivers' credentials live. The log outlives the endpoint, and its readers need to
 * know which receiver it was, not how to call it.
 */
export function urlForAudit(text: string): string {
  const url = new URL(text);
  url.username = "";
  url.password = "";
  for (const key of new Set(url.searchParams.keys())) url.searchParams.set(key, "redacted");
  url.hash = "";
  return url.toString();
}

export const endpointColumns = { id: true, url: true, events: true, active: true, createdAt: true } as const;

export class WebhookService extends RequestService {
  private get actorId(): number {
    return this.context.viewer!.id;
  }

  async register(input: RegisterWebhookInput): Promise<WebhookRegistration> {
    const verdict = await this.context.settings.webhookAddresses.check(new URL(input.url));
    if (verdict === "blocked") {
      throw badUserInput("url must not point at a loopback, private, link-local or reserved address (see WEBHOOK_ALLOWED_HOSTS).", "url");
    }
    if (verdict === "unresolvable") throw badUserInput("url's host name does not resolve.", "url");
    const secret = randomBytes(32).toString("base64url");
    return this.prisma.$transaction(async (tx) => {
      const endpoint = await tx.webhookEndpoint.create({
        data: { url: input.url, events: input.events ?? [], secret, createdById: this.actorId },
        select: endpointColumns,
      });
      await recordAudit(tx, { actorId: this.actorId, action: "webhook.registered", entityType: "WebhookEndpoint", entityId: endpoint.id, details: { url: urlForAudit(input.url) } });
      return { endpoint, secret };
    });
  }

  list(args: ConnectionArgs): Promise<Connection<WebhookEndpoint>> {
    return findPage(
      args,
      idOrdering<WebhookEndpoint>("asc"),
      {},
      (query) => this.prisma.webhookEndpoint.findMany({ ...(query as Prisma.WebhookEndpointFindManyArgs), select: endpointColumns }),
      () => this.prisma.webhookEndpoint.count(),
    );
  }

  setActive(id: number, active: boolean): Promise<WebhookEndpoint> {
    return this.change(id, active ? "webhook.activated" : "webhook.deactivated", (tx) =>
      tx.webhookEndpoint.update({ where: { id }, data: { active }, select: endpointColumns }),
    );
  }

  remove(id: number): Promise<WebhookEndpoint> {
    return this.change(id, "webhook.deleted", (tx) => tx.webhookEndpoint.delete({ where: { id }, select: endpointColumns }));
  }

  /** Newest first. */
  deliveries(args: ConnectionArgs, filter: { endpointId?: number; status?: WebhookDeliveryStatus }): Promise<Connection<WebhookDelivery>> {
    return findPage(
      args,
      idOrdering<WebhookDelivery>("desc"),
      { endpointId: filter.endpointId, status: filter.status },
      (query) => this.prisma.webhookDelivery.findMany(query as Prisma.WebhookDeliveryFindManyArgs),
      (where) => this.prisma.webhookDelivery.count({ where }),
    );
  }

  /** Sends a delivery again now, whatever its state: nothing is ever dropped for good. */
  async retry(id: number): Promise<WebhookDelivery> {
    return this.prisma.$transaction(async (tx) => {
      const delivery = await tx.webhookDelivery.findUnique({ where: { id } });
      if (!delivery) throw notFound(`No webhook delivery with id ${globalId("WebhookDelivery", id)}.`, "id");
      const now = new Date();
      // A delivery being sent right now keeps its lease: clearing it would let a second dispatcher send
      // it at the same time. The condition is checked by the update itself, so no attempt can start between.
      const { count } = await tx.webhookDelivery.updateMany({
        where: { id, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
        data: { status: "PENDING", nextAttemptAt: now, lockedUntil: null, ...(delivery.status === "FAILED" ? { attempts: 0 } : {}) },
      });
      if (count === 0) throw conflict("The delivery is being sent right now; retry it once this attempt is over.", { field: "id" });
      await recordAudit(tx, {
        actorId: this.actorId,
        action: "webhook.delivery_retried",
        entityType: "WebhookEndpoint",
        entityId: delivery.endpointId,
        details: { delivery: globalId("WebhookDelivery", id) },
      });
      return tx.webhookDelivery.findUniqueOrThrow({ where: { id } });
    });
  }

  private change<T>(id: number, action: string, work: (tx: Parameters<Parameters<typeof this.prisma.$transaction>[0]>[0]) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(async (tx) => {
      if (!(await tx.webhookEndpoint.findUnique({ where: { id }, select: { id: true } }))) {
        throw notFound(`No webhook with id ${globalId("WebhookEndpoint", id)}.`, "id");
      }
      const result = await work(tx);
      await recordAudit(tx, { actorId: this.actorId, action, entityType: "WebhookEndpoint", entityId: id });
      return result;
    });
  }
}
