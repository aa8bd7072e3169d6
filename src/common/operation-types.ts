import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError } from "graphql";

/**
 * The schema has no Subscription type, yet graphql-js validates `subscription { … }` (no rule checks
 * that the root type exists) and only fails while executing it, as an internal error. Refused here
 * as what it is: an operation type this API does not offer. Clients poll, or receive webhooks.
 */
export const refuseSubscriptions: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation }) {
        if (operation?.operation !== "subscription") return;
        throw new GraphQLError("Subscriptions are not supported: poll with a query, or register a webhook (admins).", {
          extensions: { code: "OPERATION_NOT_SUPPORTED", http: { status: 400 } },
        });
      },
    };
  },
};
