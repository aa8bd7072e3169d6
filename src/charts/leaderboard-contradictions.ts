// Season leaderboards read SeasonChartStats, which holds only seasons of the global TV lists (season-stats.ts
// counts the TV lists' global rows; films and specials get no seasons at import). A filter that asks for a
// film list, a national list or a film or special kind can therefore never match: that is the client's mistake,
// answered with BAD_USER_INPUT naming the argument, not with an empty page that looks like "no such seasons".
import { badUserInput } from "../common/errors.js";
import type { ShowWhere } from "../shows/show.args.js";
import type { SeasonWhere } from "./leaderboard.args.js";

/** Why each list value can never hold a leaderboard season. */
const IMPOSSIBLE_CATEGORIES: Readonly<Record<string, string>> = {
  FILMS_ENGLISH: "a film list: films have no seasons",
  FILMS_NON_ENGLISH: "a film list: films have no seasons",
  TV: "a national list: season figures are computed from the global lists only",
  FILMS: "a national film list: films have no seasons, and season figures come from the global lists only",
};
/** Why each show kind can never have a leaderboard season. */
const IMPOSSIBLE_KINDS: Readonly<Record<string, string>> = {
  FILM: "films have no seasons",
  SPECIAL: "a special is one airing, with no seasons",
};

/**
 * Throws on the first value that cannot match, with its path (`where.category`, `where.AND.0.show.kind` ...).
 * Values under NOT are left alone: excluding what cannot be there is harmless, not contradictory.
 */
export function assertSatisfiable(filter: SeasonWhere | null | undefined, path = "where"): void {
  if (!filter) return;
  const category = filter.category?.find((value) => IMPOSSIBLE_CATEGORIES[value]);
  if (category) {
    throw badUserInput(`Season leaderboards hold the global TV lists' seasons (TV_ENGLISH, TV_NON_ENGLISH); ${category} is ${IMPOSSIBLE_CATEGORIES[category]}.`, `${path}.category`);
  }
  if (filter.category?.length === 0) throw badUserInput("An empty list of categories matches no season: leave `category` out for every list.", `${path}.category`);
  assertShowSatisfiable(filter.show, `${path}.show`);
  (filter.AND ?? []).forEach((item, index) => assertSatisfiable(item, `${path}.AND.${index}`));
  (filter.OR ?? []).forEach((item, index) => assertSatisfiable(item, `${path}.OR.${index}`));
}

function assertShowSatisfiable(show: ShowWhere | null | undefined, path: string): void {
  if (!show) return;
  const kind = show.kind?.find((value) => IMPOSSIBLE_KINDS[value]);
  if (kind) throw badUserInput(`Season leaderboards hold series' seasons only: kind ${kind} can never match (${IMPOSSIBLE_KINDS[kind]}).`, `${path}.kind`);
  (show.AND ?? []).forEach((item, index) => assertShowSatisfiable(item, `${path}.AND.${index}`));
  (show.OR ?? []).forEach((item, index) => assertShowSatisfiable(item, `${path}.OR.${index}`));
}
