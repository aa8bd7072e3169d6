import { ArrayMaxSize, IsOptional, ValidateNested } from "class-validator";
import { Field, type ClassType } from "type-graphql";
import { badUserInput } from "./errors.js";

/**
 * AND/OR/NOT over a `where` input's own conditions, like PostGraphile's, Hasura's and Keystone's
 * filters. Declare it on a where class by interface merging (`interface ShowWhere extends
 * BooleanWhere<ShowWhere> {}`) and `withBooleanOperators(ShowWhere)`; map it to Prisma with
 * `booleanWhere`, the one place that turns the tree into Prisma's AND/OR/NOT.
 */
export interface BooleanWhere<Self> {
  AND?: Self[] | null;
  OR?: Self[] | null;
  NOT?: Self | null;
}

/** Nesting levels of AND/OR/NOT below the top-level `where`. */
export const MAX_FILTER_DEPTH = 4;
/** `where` objects in one filter, the top-level one included. */
export const MAX_FILTER_CONDITIONS = 50;
/** Items in one AND or OR list (also checked by the input's validator). */
export const MAX_FILTER_LIST = 20;

/** Adds the AND/OR/NOT fields to a where input class (the class's own conditions are its other fields). */
export function withBooleanOperators<T extends object>(Where: ClassType<T>): void {
  const prototype = Where.prototype as object;
  for (const name of ["AND", "OR"] as const) {
    const joined = name === "AND" ? "every one of" : "at least one of";
    Field(() => [Where], {
      nullable: true,
      description: `Matches what matches ${joined} these filters (besides this filter's other conditions). At most ${MAX_FILTER_LIST} items; filters nest at most ${MAX_FILTER_DEPTH} levels deep.`,
    })(prototype, name);
    IsOptional()(prototype, name);
    ArrayMaxSize(MAX_FILTER_LIST)(prototype, name);
    ValidateNested({ each: true })(prototype, name);
  }
  Field(() => Where, { nullable: true, description: "Matches what this filter does not match (besides this filter's other conditions)." })(prototype, "NOT");
  IsOptional()(prototype, "NOT");
  ValidateNested()(prototype, "NOT");
}

/**
 * Prisma conditions for a where input with AND/OR/NOT: `conditions` maps one level's own fields
 * (given the path of that level, for errors), and the combinators nest those. A tree past the limits
 * is the client's error, checked here because prefetch plans read arguments no validator has seen.
 * Callers AND visibility rules outside the result, so no OR inside it can widen what a reader sees.
 */
export function booleanWhere<F extends BooleanWhere<F>, W extends object>(
  filter: F | null | undefined,
  conditions: (filter: F, path: string) => W,
  path = "where",
): W | Record<string, never> {
  if (!filter) return {};
  checkLimits(filter, path);
  const map = (level: F, at: string): W => {
    const where: Record<string, unknown> = { ...(conditions(level, at) as Record<string, unknown>) };
    if (level.AND) where.AND = level.AND.map((item, index) => map(item, `${at}.AND.${index}`));
    if (level.OR) where.OR = level.OR.map((item, index) => map(item, `${at}.OR.${index}`));
    if (level.NOT) where.NOT = map(level.NOT, `${at}.NOT`);
    return where as W;
  };
  return map(filter, path);
}

/**
 * A condition on a nullable column, made two-valued: false, not unknown, where the column is null. SQL's NOT
 * of an unknown is unknown, so `NOT: { originalLanguage: ["en"] }` would leave out every show whose language
 * is not on record, where the filter promises what it "does not match". Prisma ANDs `not: null` into the
 * field's own condition. Every filter on a nullable column goes through here (the compiled path's NOT is
 * `is not true` for the same reason: db/compiled/filters.ts).
 */
export function definite<Condition extends object>(condition: Condition | undefined): (Condition & { not: null }) | undefined {
  return condition === undefined ? undefined : { ...condition, not: null };
}

/** Refuses a filter tree past the limits (BAD_USER_INPUT naming where); also used by the compiled read path. */
export function checkLimits<F extends BooleanWhere<F>>(filter: F, path: string): void {
  let count = 0;
  const visit = (level: F, at: string, depth: number) => {
    if (depth > MAX_FILTER_DEPTH) throw badUserInput(`Filters nest at most ${MAX_FILTER_DEPTH} levels of AND/OR/NOT deep.`, at);
    count += 1;
    if (count > MAX_FILTER_CONDITIONS) throw badUserInput(`A filter holds at most ${MAX_FILTER_CONDITIONS} AND/OR/NOT items in all.`, path);
    for (const name of ["AND", "OR"] as const) {
      const items = level[name];
      if (items && items.length > MAX_FILTER_LIST) throw badUserInput(`\`${name}\` holds at most ${MAX_FILTER_LIST} filters.`, `${at}.${name}`);
      items?.forEach((item, index) => visit(item, `${at}.${name}.${index}`, depth + 1));
    }
    if (level.NOT) visit(level.NOT, `${at}.NOT`, depth + 1);
  };
  visit(filter, path, 0);
}
