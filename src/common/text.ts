import { ValidateBy, buildMessage, type ValidationOptions } from "class-validator";

/** Whitespace, and the invisible characters that look like nothing (zero-width spaces and joiners, BOM). */
const BLANK = /^[\s\u200B-\u200D\u2060\uFEFF]*$/u;

/** Whether text shows nothing: empty, spaces, or invisible characters only. */
export function isBlank(text: string): boolean {
  return BLANK.test(text);
}

/**
 * Validates a required text input (a title, a body, a name): it must show something. `Length(3, 200)`
 * alone lets "   " through, which would save an article nobody can see the title of.
 */
export function IsNotBlank(options: ValidationOptions = {}): PropertyDecorator {
  return ValidateBy(
    {
      name: "isNotBlank",
      validator: {
        validate: (value: unknown) => typeof value !== "string" || !isBlank(value),
        defaultMessage: buildMessage((each) => `${each}$property must not be blank`),
      },
    },
    options,
  );
}
