import { recordAudit } from "../common/audit.js";
import { globalId } from "../common/node.js";
import { conflict } from "../common/errors.js";
import { lockAtVersion, savedBy } from "../common/versioning.js";
import type { Prisma } from "../db/prisma.js";
import { enqueueWebhookEvent, type WebhookEvent } from "../webhooks/outbox.js";
import { recordProvenance } from "./provenance.js";

type Tx = Prisma.TransactionClient;

/** A standalone curated record (a person, a company): its table, slug aliases and announcements. */
export interface CuratedRecordKind {
  table: "Person" | "ProductionCompany";
  /** Audit prefix and the webhook event: "person" → person.created / person.updated. */
  noun: "person" | "company";
  event: WebhookEvent;
  slugTaken(tx: Tx, slug: string, id: number | null): Promise<boolean>;
}

/** Throws CONFLICT on `input.slug` when another record holds the slug (or had it). */
export async function claimSlug(tx: Tx, kind: CuratedRecordKind, slug: string, id: number | null): Promise<string> {
  if (await kind.slugTaken(tx, slug, id)) throw conflict(`The slug "${slug}" is already used by another ${kind.noun}.`, { field: "input.slug" });
  return slug;
}

/**
 * The bookkeeping of an editor's save of a person or company, in its transaction: the fields' provenance, the
 * audit entry and the webhook event. `created` for a new record; otherwise the row is bumped to a new version.
 */
export async function recordCuratedSave(
  tx: Tx,
  kind: CuratedRecordKind,
  record: { id: number; slug: string; name: string },
  change: { created: boolean; changed: string[]; actorId: number; version: number },
): Promise<void> {
  const action = `${kind.noun}.${change.created ? "created" : "updated"}`;
  await recordProvenance(tx, { type: kind.table, id: record.id }, change.changed, { origin: "EDITOR", userId: change.actorId });
  await recordAudit(tx, { actorId: change.actorId, action, entityType: kind.table, entityId: record.id, details: { changed: change.changed, version: change.version } });
  await enqueueWebhookEvent(tx, kind.event, { id: globalId(kind.table, record.id), rowId: record.id, slug: record.slug, name: record.name, change: action, changed: change.changed, version: change.version });
}

export { lockAtVersion, savedBy };
