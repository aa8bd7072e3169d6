/**
 * What the database's columns can hold. Values outside these bounds pass GraphQL's own types (an ID
 * is any string, a JavaScript Date reaches year 275760) but fail in PostgreSQL: they are the
 * client's mistake and are refused up front, naming the field, by every path that takes them.
 */

/** The largest value of an `Int` column (PostgreSQL int4), and so of every id. */
export const INT4_MAX = 2_147_483_647;

/** A whole number an `Int` column can hold. */
export function isInt4(value: number): boolean {
  return Number.isInteger(value) && value >= -INT4_MAX - 1 && value <= INT4_MAX;
}

const ENTITY_ID = /^[1-9][0-9]{0,9}$/;

/** Whether text is one of our ids: a positive integer that fits an int4 column. */
export function isEntityId(text: string): boolean {
  return ENTITY_ID.test(text) && Number(text) <= INT4_MAX;
}

/** The largest magnitude a `real` (float4) value can have: search ranks are compared as real. */
export const FLOAT4_MAX = 3.4028234663852886e38;

/**
 * Years 1 to 9999: PostgreSQL has no year 0 (JavaScript's year 0 is 1 BC), and ISO 8601 strings
 * beyond 9999 need an expanded, signed form no client or column here uses.
 */
export function isStorableDate(date: Date): boolean {
  const year = date.getUTCFullYear();
  return !Number.isNaN(date.getTime()) && year >= 1 && year <= 9999;
}

/** U+0000, which PostgreSQL text cannot hold. */
const NUL = "\u0000";
/** A UTF-16 surrogate not paired with its other half: no Unicode character, so not valid UTF-8 text either. */
const LONE_SURROGATE = /\p{Surrogate}/u;

/** Why PostgreSQL text cannot hold `text`, or null when it can. */
export function unstorableTextReason(text: string): string | null {
  if (text.includes(NUL)) return "a NUL character (U+0000), which text cannot hold";
  if (LONE_SURROGATE.test(text)) return "a lone UTF-16 surrogate, which is not a character";
  return null;
}
