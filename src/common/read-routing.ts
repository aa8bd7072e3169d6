import type { ApolloServerPlugin } from "@apollo/server";
import type { PrismaClient } from "../db/prisma.js";
import type { ReadYourWrites } from "../db/read-your-writes.js";
import type { RequestContext } from "./context.js";

/**
 * Sends read-only operations to the replicas (DATABASE_READ_URLS): a request starts on the primary and a
 * query moves to `reads` once its operation is known, unless its signed-in viewer wrote within the
 * read-your-writes window. Mutations stay on the primary for all they read too (their version checks and
 * sign-in's lookups must be fresh), and a signed-in viewer's mutation opens that viewer's window.
 */
export function readRouting(reads: PrismaClient, readYourWrites: ReadYourWrites): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (operation?.operation !== "query") return;
          const { viewer } = contextValue;
          if (viewer && (await readYourWrites.wroteRecently(viewer.id))) return;
          contextValue.prisma = reads;
        },
        // Before the response is sent: the user's next request, wherever it lands, already finds the mark.
        async willSendResponse({ operation, contextValue }) {
          if (operation?.operation === "mutation" && contextValue.viewer) await readYourWrites.noteWrite(contextValue.viewer.id);
        },
      };
    },
  };
}
