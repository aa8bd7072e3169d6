import type { NextFunction, Request, Response } from "express";

/** The content types a cross-site page may POST without a CORS preflight. */
const SIMPLE_CONTENT_TYPES = new Set(["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"]);
/** Headers a browser only sends cross-site after a preflight, which CORS then refuses. */
const PREFLIGHT_HEADERS = ["x-apollo-operation-name", "apollo-require-preflight"];

/**
 * Apollo's CSRF prevention, for POST only. A cross-site page can make a browser send a "simple"
 * request (no preflight) and that could run a mutation; so a POST needs a non-simple content
 * type (application/json) or a header that forces a preflight. GET is left out on purpose: Apollo
 * refuses mutations over GET (405), queries change nothing, and a cross-site page cannot read the
 * answer (CORS) or sign it in (tokens travel in the Authorization header, never in cookies). That
 * is what lets standard clients send persisted queries by GET with their defaults and a browser
 * open a `/graphql?query=` link. Apollo's own check (all methods alike) is disabled for this one;
 * it is written out here because Apollo does not export its check.
 */
export function refuseCrossSiteSimplePosts(request: Request, response: Response, next: NextFunction): void {
  if (request.method !== "POST") return next();
  const mediaType = request.headers["content-type"]?.split(";")[0]?.trim().toLowerCase();
  if (mediaType && !SIMPLE_CONTENT_TYPES.has(mediaType)) return next();
  if (PREFLIGHT_HEADERS.some((header) => (request.headers[header] ?? "") !== "")) return next();
  response.status(400).json({
    errors: [
      {
        message:
          "This request has been blocked as a potential cross-site request forgery: send it as application/json, " +
          `or with a non-empty ${PREFLIGHT_HEADERS.join(" or ")} header.`,
        extensions: { code: "BAD_REQUEST" },
      },
    ],
  });
}
