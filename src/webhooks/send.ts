import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP } from "node:net";
import { BlockedAddressError, type WebhookAddressPolicy } from "./address-policy.js";

/** How one attempt went, as stored on the delivery: never more detail than the receiver's owner needs. */
export type SendOutcome = { statusCode: number; error: string | null } | { statusCode: null; error: string };

/**
 * The only messages a failed connection leaves on a delivery. The system's own errors
 * (ECONNREFUSED, EHOSTUNREACH, ENOTFOUND ...) are not passed on: told apart, they would tell an
 * admin which ports answer on hosts the server can reach.
 */
export const SEND_ERRORS = {
  blocked: new BlockedAddressError().message,
  timedOut: "The receiver did not answer in time.",
  unreachable: "Could not reach the receiver.",
} as const;

/**
 * POSTs `body` to `url` through node:http(s) rather than fetch: fetch cannot be given a lookup,
 * and the policy's lookup is what pins each connection to the addresses it checked. Redirects
 * are not followed (a 3xx is a failed attempt), so a receiver cannot bounce a delivery inward.
 */
export function sendWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  options: { policy: WebhookAddressPolicy; timeoutMs: number },
): Promise<SendOutcome> {
  const target = new URL(url);
  const hostname = target.hostname.replace(/^\[(.*)\]$/, "$1");
  // A literal address is never looked up, so it is checked here.
  if (isIP(hostname) && !options.policy.permits(hostname, hostname)) {
    return Promise.resolve({ statusCode: null, error: SEND_ERRORS.blocked });
  }
  const send = target.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const request = send(
      target,
      {
        method: "POST",
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        lookup: options.policy.lookup,
        signal: AbortSignal.timeout(options.timeoutMs),
        // One connection per attempt: a pooled socket would skip the lookup, and with it the check.
        agent: false,
      },
      (response) => {
        const statusCode = response.statusCode ?? 0;
        response.resume();
        response.on("end", () => resolve({ statusCode, error: statusCode >= 200 && statusCode < 300 ? null : `HTTP ${statusCode}` }));
        response.on("error", () => resolve({ statusCode, error: SEND_ERRORS.unreachable }));
      },
    );
    request.on("error", (error) => {
      if (error instanceof BlockedAddressError) resolve({ statusCode: null, error: SEND_ERRORS.blocked });
      else if (error.name === "AbortError" || error.name === "TimeoutError") resolve({ statusCode: null, error: SEND_ERRORS.timedOut });
      else resolve({ statusCode: null, error: SEND_ERRORS.unreachable });
    });
    request.end(body);
  });
}
