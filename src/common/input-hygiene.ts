import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError, Kind, visit, type DocumentNode } from "graphql";
import { unstorableTextReason } from "./storable.js";

/**
 * How deeply variables may nest. The deepest input of the schema is a handful of levels
 * (`where.premiereDate.from`); anything far deeper is refused before any code walks it recursively
 * (graphql-js's coercion, validators, cache keys), which a 5,000-level value would overflow.
 */
export const MAX_INPUT_DEPTH = 32;

interface Finding {
  field: string;
  problem: string;
}

/**
 * The first problem in the variables: text PostgreSQL cannot hold (NUL, lone surrogates), or
 * nesting beyond MAX_INPUT_DEPTH. Walked with an explicit stack, so depth costs no call stack.
 */
function problemIn(variables: Record<string, unknown>): Finding | null {
  const pending: { value: unknown; path: string[] }[] = [{ value: variables, path: [] }];
  while (pending.length) {
    const { value, path } = pending.pop()!;
    if (typeof value === "string") {
      const reason = unstorableTextReason(value);
      if (reason) return { field: path.join("."), problem: `contains ${reason}` };
      continue;
    }
    if (!value || typeof value !== "object") continue;
    if (path.length > MAX_INPUT_DEPTH) {
      return { field: path.slice(0, MAX_INPUT_DEPTH).join("."), problem: `nests deeper than ${MAX_INPUT_DEPTH} levels` };
    }
    const entries = Array.isArray(value) ? value.map((item, index) => [String(index), item] as const) : Object.entries(value);
    // Reversed onto the stack, so the first problem in reading order is the one reported.
    for (let index = entries.length - 1; index >= 0; index -= 1) {
      const [key, item] = entries[index]!;
      pending.push({ value: item, path: [...path, key] });
    }
  }
  return null;
}

/**
 * Whether a document's string literals hold a NUL. Literals cannot hold lone surrogates (the parser
 * refuses them), but `"\u0000"` is a valid escape. Apollo caches parsed documents, so the same
 * DocumentNode comes back for every request of a query text: its answer is kept with it rather than
 * walking the whole tree again per request.
 */
const nulInDocument = new WeakMap<DocumentNode, boolean>();
function nulInLiterals(document: DocumentNode): boolean {
  const known = nulInDocument.get(document);
  if (known !== undefined) return known;
  let found = false;
  visit(document, {
    [Kind.STRING](node) {
      if (node.value.includes("\u0000")) found = true;
    },
  });
  nulInDocument.set(document, found);
  return found;
}

/** Refuses, before anything else reads them, inputs no column can store or no code should walk, naming the field. */
export const rejectUnstorableInput: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ request, document }) {
        const finding =
          problemIn(request.variables ?? {}) ??
          (nulInLiterals(document) ? { field: "query", problem: "contains a NUL character (U+0000), which text cannot hold" } : null);
        if (!finding) return;
        throw new GraphQLError(`\`${finding.field}\` ${finding.problem}.`, {
          extensions: { code: "BAD_USER_INPUT", field: finding.field, http: { status: 400 } },
        });
      },
    };
  },
};
