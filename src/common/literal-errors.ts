import { GraphQLError, Kind, parse, visit, type ASTNode, type ValueNode } from "graphql";

const VALUE_KINDS = new Set<string>([
  Kind.STRING, Kind.INT, Kind.FLOAT, Kind.BOOLEAN, Kind.ENUM, Kind.LIST, Kind.OBJECT, Kind.NULL,
]);

/** The argument path (`where.premiereDate.from`, `showIds.2`) of a value node within the query text it was parsed from. */
function fieldPathOf(target: ASTNode): string | null {
  const location = target.loc;
  if (!location?.source) return null;
  let found: string[] | null = null;
  const search = (value: ValueNode | undefined, path: string[]): void => {
    if (!value || found) return;
    if (value.loc?.start === location.start && value.loc.end === location.end && value.kind === target.kind) {
      found = path;
      return;
    }
    if (value.kind === Kind.OBJECT) for (const field of value.fields) search(field.value, [...path, field.name.value]);
    if (value.kind === Kind.LIST) value.values.forEach((item, index) => search(item, [...path, String(index)]));
  };
  // The text parsed once already (validation runs after parsing), so this cannot throw; it is only
  // done for a failed request, to find the node again with its ancestors.
  visit(parse(location.source), {
    Argument: (argument) => search(argument.value, [argument.name.value]),
    VariableDefinition: (definition) => search(definition.defaultValue, [definition.variable.name.value]),
  });
  return found ? (found as string[]).join(".") : null;
}

/**
 * The field a validation error is about, when it is about a literal value that does not fit its
 * type (`premiereDate: {from: "2022-13-45"}`, `first: "ten"`): such an error is the client's bad
 * input, like the same value sent as a variable, and gets the same BAD_USER_INPUT code and `field`.
 * Null for every other validation error (unknown fields, missing arguments ...).
 */
export function literalValueField(error: unknown): string | null {
  if (!(error instanceof GraphQLError)) return null;
  const node = error.nodes?.[0];
  if (!node || !VALUE_KINDS.has(node.kind)) return null;
  return fieldPathOf(node);
}

const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/** A client error's message without graphql-js's "Did you mean …?", which reveals schema names. */
export function withoutSuggestions(message: string): string {
  return message.replace(SUGGESTION, "");
}
