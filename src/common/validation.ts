import { validateOrReject } from "class-validator";
import { ArgumentValidationError, type ValidatorFn } from "type-graphql";
import type { RequestContext } from "./context.js";

/**
 * type-graphql's argument validation (class-validator, with its defaults: missing properties skipped,
 * unknown values allowed), done once per distinct argument value of a field in a request. A nested
 * field such as `chartEntries(last: 5)` under a page of 100 shows gets the same arguments 100 times;
 * its result cannot differ between them.
 */
export const validateArgsOncePerRequest: ValidatorFn = async (value, _type, { context, info }) => {
  if (value === null || typeof value !== "object") return;
  const key = `${info.parentType.name}.${info.fieldName}:${value.constructor.name}:${JSON.stringify(value)}`;
  const { scope } = context as RequestContext;
  if (scope.validatedArguments.has(key)) return;
  try {
    if (Array.isArray(value)) {
      await Promise.all(value.filter((item) => item !== null && typeof item === "object").map((item) => validateOrReject(item, OPTIONS)));
    } else {
      await validateOrReject(value, OPTIONS);
    }
  } catch (error) {
    throw new ArgumentValidationError(error as ConstructorParameters<typeof ArgumentValidationError>[0]);
  }
  scope.validatedArguments.add(key);
};

const OPTIONS = { skipMissingProperties: true, forbidUnknownValues: false };
