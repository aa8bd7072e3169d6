import type { Prisma } from "../db/prisma.js";
import type { RenewalStatus, ShowKind } from "../db/generated/enums.js";

/** The parts of a status fact the derivation reads. */
export interface FactForDerivation {
  id: number;
  status: RenewalStatus;
  seasonNumber: number | null;
  announcedAt: Date | null;
  createdAt: Date;
  retractedAt: Date | null;
}

export interface DerivedStatus {
  status: RenewalStatus;
  announcedAt: Date | null;
  /** The fact that decided it; null when no fact stands (the show is PENDING by default). */
  factId: number | null;
}

/** Kinds complete as made: a film, a special or live event and a limited series are never awaiting renewal. */
const COMPLETE_AS_MADE: readonly ShowKind[] = ["FILM", "SPECIAL", "LIMITED_SERIES"];

/** A show's status while no fact stands: ENDED for what is complete as made, PENDING for an open-ended series. */
export function undecidedStatus(kind: ShowKind | null): RenewalStatus {
  return kind !== null && isCompleteAsMade(kind) ? "ENDED" : "PENDING";
}

/** Whether a title of this kind is complete as made (a film, a special, a limited series): never renewed. */
export function isCompleteAsMade(kind: ShowKind): boolean {
  return COMPLETE_AS_MADE.includes(kind);
}

/**
 * Announcement order: the earlier announcement first, a fact with no known date before every dated one;
 * facts announced on the same day in the order they were recorded.
 */
export function inAnnouncementOrder(a: FactForDerivation, b: FactForDerivation): number {
  const day = (fact: FactForDerivation) => fact.announcedAt?.getTime() ?? Number.NEGATIVE_INFINITY;
  return day(a) - day(b) || a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id;
}

/**
 * The one derivation of a show's current renewal status: the latest announcement among its
 * non-retracted facts wins (ties broken by recording time); with none, `undecidedStatus` of its kind and
 * no date. Every path that changes facts stores its result on the show through `refreshShowStatus`.
 */
export function currentStatus(facts: readonly FactForDerivation[], kind: ShowKind | null = null): DerivedStatus {
  const standing = facts.filter((fact) => fact.retractedAt === null).sort(inAnnouncementOrder);
  const winner = standing.at(-1);
  return winner ? { status: winner.status, announcedAt: winner.announcedAt, factId: winner.id } : { status: undecidedStatus(kind), announcedAt: null, factId: null };
}

/**
 * The status for one season's question ("is there a season 3?"): the latest standing fact about that
 * season, or, for a question with no season, the show's current status. No fact about a season means
 * no decision about it yet.
 */
export function statusForSeason(facts: readonly FactForDerivation[], seasonNumber: number | null, kind: ShowKind | null = null): DerivedStatus {
  if (seasonNumber === null) return currentStatus(facts, kind);
  return currentStatus(facts.filter((fact) => fact.seasonNumber === seasonNumber), kind);
}

/**
 * The status each fact changed from: the status standing just before it among the non-retracted facts
 * (PENDING before the first). A retracted fact reports what stood before it too, for the editors who see it.
 */
export function previousStatuses(facts: readonly FactForDerivation[]): Map<number, RenewalStatus> {
  const ordered = [...facts].sort(inAnnouncementOrder);
  const previous = new Map<number, RenewalStatus>();
  let standing: RenewalStatus = "PENDING";
  for (const fact of ordered) {
    previous.set(fact.id, standing);
    if (fact.retractedAt === null) standing = fact.status;
  }
  return previous;
}

type FactReader = Pick<Prisma.TransactionClient, "statusChange" | "show">;

export const factDerivationColumns = {
  id: true,
  status: true,
  seasonNumber: true,
  announcedAt: true,
  createdAt: true,
  retractedAt: true,
} as const satisfies Prisma.StatusChangeSelect;

export function factsOfShow(db: FactReader, showId: number): Promise<FactForDerivation[]> {
  return db.statusChange.findMany({ where: { showId }, select: factDerivationColumns });
}

/** The standing status of a show for one season's question, read from the database. */
export async function standingFor(db: FactReader, showId: number, seasonNumber: number | null): Promise<DerivedStatus> {
  const [show, facts] = await Promise.all([db.show.findUnique({ where: { id: showId }, select: { kind: true } }), factsOfShow(db, showId)]);
  return statusForSeason(facts, seasonNumber, show?.kind ?? null);
}

/**
 * Writes the derived status onto the show row (where lists filter and order by it) and returns what
 * it was and is. The only writer of Show.status and Show.statusAnnouncedAt: call it in the transaction
 * that changes a show's facts.
 */
export async function refreshShowStatus(
  db: FactReader,
  showId: number,
): Promise<{ before: DerivedStatus; after: DerivedStatus; changed: boolean }> {
  const [show, facts] = await Promise.all([
    db.show.findUniqueOrThrow({ where: { id: showId }, select: { status: true, statusAnnouncedAt: true, kind: true } }),
    factsOfShow(db, showId),
  ]);
  const before: DerivedStatus = { status: show.status, announcedAt: show.statusAnnouncedAt, factId: null };
  const after = currentStatus(facts, show.kind);
  const changed = before.status !== after.status || before.announcedAt?.getTime() !== after.announcedAt?.getTime();
  if (changed) {
    await db.show.update({ where: { id: showId }, data: { status: after.status, statusAnnouncedAt: after.announcedAt } });
  }
  return { before, after, changed };
}
