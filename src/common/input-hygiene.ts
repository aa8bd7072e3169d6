import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError, Kind, visit, type DocumentNode } from "graphql";

/** PostgreSQL text cannot hold U+0000: refused up front, naming the field, instead of failing in the database. */
const NUL = "\u0000";

function nulPathIn(value: unknown, path: string): string | null {
  if (typeof value === "string") return value.includes(NUL) ? path : null;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = nulPathIn(item, `${path}.${index}`);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const found = nulPathIn(item, path ? `${path}.${key}` : key);
      if (found) return found;
    }
  }
  return null;
}

function nulInLiterals(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    [Kind.STRING](node) {
      if (node.value.includes(NUL)) found = true;
    },
  });
  return found;
}

export const rejectNulCharacters: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ request, document }) {
        const field = nulPathIn(request.variables ?? {}, "") ?? (nulInLiterals(document) ? "query" : null);
        if (!field) return;
        throw new GraphQLError(`\`${field}\` contains a NUL character (U+0000), which text cannot hold.`, {
          extensions: { code: "BAD_USER_INPUT", field, http: { status: 400 } },
        });
      },
    };
  },
};
