import type { ApolloServerPlugin } from "@apollo/server";
import type { GraphQLError, OperationDefinitionNode } from "graphql";
import type { RequestContext } from "../common/context.js";

/** An operation whose every root field is signIn (or __typename): what a caller with a dead token still needs. */
function onlySignsIn(operation: OperationDefinitionNode): boolean {
  return (
    operation.operation === "mutation" &&
    operation.selectionSet.selections.every(
      (selection) => selection.kind === "Field" && (selection.name.value === "signIn" || selection.name.value === "__typename"),
    )
  );
}

/**
 * A request whose token was refused (expired, revoked, forged) is answered UNAUTHENTICATED, except
 * a signIn: a client (the playground above all) that keeps sending an expired token must still be
 * able to get a new one. The signIn itself then runs as anonymous.
 */
export const rejectedTokenPlugin: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue, operation }) {
        const rejection: GraphQLError | undefined = contextValue.rejectedToken;
        if (rejection && !(operation && onlySignsIn(operation))) throw rejection;
      },
    };
  },
};
