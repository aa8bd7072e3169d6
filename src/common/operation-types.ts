import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError } from "graphql";

/**
 * Subscriptions are served over WebSocket (graphql-ws protocol) on the same /graphql path
 * (live/websocket.ts). Over HTTP, where an answer is one response, they are refused as the client's
 * mistake, naming where they do work, instead of running into an internal error.
 */
export const refuseSubscriptions: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation }) {
        if (operation?.operation !== "subscription") return;
        throw new GraphQLError(
          "Subscriptions are not served over HTTP: open a WebSocket to this same /graphql URL (ws:// or wss://) with the graphql-ws protocol (subprotocol graphql-transport-ws).",
          { extensions: { code: "OPERATION_NOT_SUPPORTED", http: { status: 400 } } },
        );
      },
    };
  },
};
