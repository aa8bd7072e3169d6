import type { ApolloServerPlugin } from "@apollo/server";
import type { RequestContext } from "./context.js";

/**
 * The Cache-Control policy, decided once per response rather than per field: a successful query
 * by an anonymous reader only ever sees published, public data, so CDNs and browsers may keep it
 * for `maxAgeSeconds`; anything for a signed-in user, any mutation and any error is never stored.
 * (Apollo's own cache-control plugin, which wraps every field to collect hints, is disabled.)
 */
export function httpCachePolicy(maxAgeSeconds: number): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, operation, contextValue }) {
          const headers = response.http.headers;
          // Set whole, as Apollo's headers replace the response's: signed-in readers get their own
          // answers, CORS headers depend on Origin, the content type (and status) on Accept.
          headers.set("vary", "Authorization, Origin, Accept");
          const failed = response.body.kind !== "single" || (response.body.singleResult.errors?.length ?? 0) > 0;
          const publicAnswer = operation?.operation === "query" && !failed && contextValue.viewer === null;
          if (publicAnswer && maxAgeSeconds > 0) headers.set("cache-control", `public, max-age=${maxAgeSeconds}`);
          else headers.set("cache-control", contextValue?.viewer ? "private, no-store" : "no-store");
        },
      };
    },
  };
}
