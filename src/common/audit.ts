import { AsyncLocalStorage } from "node:async_hooks";
import { EventEmitter } from "node:events";
import { Prisma, type PrismaClient } from "../db/prisma.js";

/** Anything that can write: the client itself or an interactive transaction. */
export type Writer = Pick<Prisma.TransactionClient, "$executeRaw">;

export interface AuditEntry {
  actorId: number | null;
  /** Verb in the past tense, namespaced by entity: "article.published", "user.revoked". */
  action: string;
  entityType: "Article" | "Show" | "Person" | "ProductionCompany" | "User" | "WebhookEndpoint" | "ChartImport";
  entityId: number;
  details?: Prisma.InputJsonValue;
}

/** What the process learns of an audited change once it is committed: ids, the verb and who, nothing else. */
export type CommittedChange = Pick<AuditEntry, "action" | "entityType" | "entityId" | "actorId">;

/**
 * Audited changes, announced after their transaction commits ("committed", CommittedChange[]). The
 * audit log already records every change anyone may want to follow, so live updates hook in here
 * once (live/bus.ts) instead of publishing from every service. Process-wide: it has no request.
 */
export const committedChanges = new EventEmitter<{ committed: [CommittedChange[]] }>();

/** Entries recorded inside the transaction running in this async context, announced only if it commits. */
const pending = new AsyncLocalStorage<CommittedChange[]>();

/**
 * Records who did what; call it inside the transaction that does it, so the log never disagrees.
 * A parameterised INSERT rather than `auditEvent.create`: Prisma 6.19 compiles a plan per distinct
 * query text with the values inside (src/db/query-plans.ts), and `details` make nearly every entry's text
 * new, which cost a compile (1–2 ms of the main thread) on every audited write; a raw statement's plan is trivial.
 */
export async function recordAudit(db: Writer, entry: AuditEntry): Promise<void> {
  await db.$executeRaw(auditInsert(entry));
  noteAudited(entry);
}

/**
 * The INSERT of an audit entry, for a caller that writes it inside one of its own statements (a
 * data-modifying CTE) to save a round trip; it must call noteAudited once that statement succeeded.
 */
export function auditInsert(entry: AuditEntry): Prisma.Sql {
  const details = entry.details === undefined ? null : JSON.stringify(entry.details);
  return Prisma.sql`INSERT INTO "AuditEvent" ("actorId", action, "entityType", "entityId", details)
    VALUES (${entry.actorId}::int, ${entry.action}, ${entry.entityType}, ${entry.entityId}::int, ${details}::jsonb)`;
}

/** Queues the written entry's announcement for its transaction's commit (or announces it, outside one). */
export function noteAudited(entry: AuditEntry): void {
  const change: CommittedChange = { action: entry.action, entityType: entry.entityType, entityId: entry.entityId, actorId: entry.actorId };
  const batch = pending.getStore();
  // Outside an announcing transaction the create above committed on its own.
  if (batch) batch.push(change);
  else committedChanges.emit("committed", [change]);
}

/**
 * The client with a `$transaction` that announces the audit entries written inside it once it has
 * committed, and drops them if it rolled back. Prisma has no commit hook, and a client extension
 * cannot replace `$transaction`, hence the proxy (every other member is the client's own).
 */
export function announcingCommits(prisma: PrismaClient): PrismaClient {
  const transaction = prisma.$transaction.bind(prisma) as (...args: unknown[]) => Promise<unknown>;
  const announcing = async (...args: unknown[]) => {
    // A transaction started inside another announcing one (never done today) joins its batch.
    if (pending.getStore()) return transaction(...args);
    const batch: CommittedChange[] = [];
    const result = await pending.run(batch, () => transaction(...args));
    if (batch.length > 0) committedChanges.emit("committed", batch);
    return result;
  };
  return new Proxy(prisma, {
    get(target, property, receiver) {
      if (property === "$transaction") return announcing;
      return Reflect.get(target, property, receiver);
    },
  });
}
