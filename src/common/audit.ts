import type { Prisma } from "../db/prisma.js";

/** Anything that can write: the client itself or an interactive transaction. */
export type Writer = Pick<Prisma.TransactionClient, "auditEvent">;

export interface AuditEntry {
  actorId: number | null;
  /** Verb in the past tense, namespaced by entity: "article.published", "user.revoked". */
  action: string;
  entityType: "Article" | "Show" | "Person" | "ProductionCompany" | "User" | "WebhookEndpoint" | "ChartImport";
  entityId: number;
  details?: Prisma.InputJsonValue;
}

/** Records who did what; call it inside the transaction that does it, so the log never disagrees. */
export async function recordAudit(db: Writer, entry: AuditEntry): Promise<void> {
  await db.auditEvent.create({ data: entry });
}
