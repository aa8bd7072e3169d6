import { registerDecorator, validateOrReject, type ValidationOptions } from "class-validator";
import { LRUCache } from "lru-cache";
import { ArgumentValidationError, type ValidatorFn } from "type-graphql";

const OPTIONS = { skipMissingProperties: true, forbidUnknownValues: false };

/**
 * Argument values known to pass. Every validator in use (lengths, ranges, patterns, nested inputs)
 * is a pure function of the value, so a value that passed once passes again: a nested page such as
 * `chartEntries(last: 5)` under 100 shows, or the same list read by many clients, is checked once.
 * Bounded by the keys' total length, since clients choose the values.
 */
const passed = new LRUCache<string, true>({ maxSize: 4_000_000, sizeCalculation: (_value, key) => key.length + 1 });

/** type-graphql's argument validation (class-validator with its defaults), remembering what passed. */
export const validateArguments: ValidatorFn = async (value, type, { info }) => {
  if (value === null || typeof value !== "object") return;
  const typeName = typeof type === "function" && "name" in type ? type.name : String(type);
  const key = `${info.parentType.name}.${info.fieldName}:${typeName}:${JSON.stringify(value)}`;
  if (passed.has(key)) return;
  try {
    if (Array.isArray(value)) {
      await Promise.all(value.filter((item) => item !== null && typeof item === "object").map((item) => validateOrReject(item, OPTIONS)));
    } else {
      await validateOrReject(value, OPTIONS);
    }
  } catch (error) {
    throw new ArgumentValidationError(error as ConstructorParameters<typeof ArgumentValidationError>[0]);
  }
  passed.set(key, true);
};

/** class-validator's `IsUrl` options for links readers may follow: http(s) only, absolute. */
export const HTTP_URL = { protocols: ["http", "https"], require_protocol: true, require_tld: false };

/**
 * A date no later than today (UTC): announcements are in the past. Not a pure function of the value,
 * but monotone — a date that passes once passes forever — so `validateArguments`' memo stays right.
 */
export function IsNotInFuture(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: "isNotInFuture",
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} cannot be in the future`, ...options },
      validator: {
        validate(value: unknown) {
          if (!(value instanceof Date)) return true;
          const endOfToday = new Date();
          endOfToday.setUTCHours(23, 59, 59, 999);
          return value.getTime() <= endOfToday.getTime();
        },
      },
    });
}
