// Editors' corrections of where a title's chart rows belong (ShowMatchRoute), applied by every import:
// a merged show's key keeps landing on the show it was merged into, a split's season titles on the new show.
import type { Prisma } from "../../db/prisma.js";

type Tx = Prisma.TransactionClient;

/** Routes by `${matchKey}\0${seasonTitle}` ("" for the whole key). */
export type Routes = Map<string, number>;

/** The prefix of a plan key that names its show directly instead of by title. */
const ROUTED = "show#";

const routeKey = (matchKey: string, seasonTitle: string) => `${matchKey}\u0000${seasonTitle}`;

/** Every route: the table only holds editors' merges and splits, a few rows, so one read beats a lookup per key. */
export async function loadRoutes(tx: Tx): Promise<Routes> {
  const rows = await tx.showMatchRoute.findMany({ select: { matchKey: true, seasonTitle: true, showId: true } });
  return new Map(rows.map((row) => [routeKey(row.matchKey, row.seasonTitle), row.showId]));
}

/** The row's plan key: its show key, or the routed show's when a route covers its season title or its whole key. */
export function routedKey(routes: Routes, key: string, seasonTitle: string | null): string {
  if (routes.size === 0) return key;
  const showId = routes.get(routeKey(key, seasonTitle ?? "")) ?? routes.get(routeKey(key, ""));
  return showId === undefined ? key : `${ROUTED}${showId}`;
}

/** The show a routed plan key names; null for an ordinary match key. */
export function routedShowId(key: string): number | null {
  return key.startsWith(ROUTED) ? Number(key.slice(ROUTED.length)) : null;
}
