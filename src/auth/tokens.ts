import { errors, jwtVerify, SignJWT } from "jose";
import { LRUCache } from "lru-cache";
import type { RequestSettings, ViewerRole } from "../common/context.js";

const ISSUER = "greenlight";
const AUDIENCE = "greenlight-api";

export interface TokenClaims {
  userId: number;
  /** The user's tokenVersion when the token was issued; revocation bumps it. */
  version: number;
}

export async function issueToken(
  user: { id: number; role: ViewerRole; tokenVersion: number },
  settings: RequestSettings["tokens"],
): Promise<{ token: string; expiresAt: Date }> {
  const expiresAt = new Date(Date.now() + settings.ttlSeconds * 1000);
  const token = await new SignJWT({ role: user.role, ver: user.tokenVersion })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(String(user.id))
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(settings.secret);
  return { token, expiresAt };
}

/**
 * Tokens whose signature, issuer and audience were checked, by signing secret, with their expiry (epoch
 * seconds). Verifying an HS256 token with jose on every request was a measurable share of a save's CPU;
 * a token's claims cannot change once signed, so the check is done once per token. Only what the token
 * itself proves is kept: revocation (tokenVersion, revokedAt) is read from the database on every request
 * (authenticate), so no cached entry can outlive a sign-out, a revocation or a password change.
 */
const verified = new WeakMap<Uint8Array, LRUCache<string, { claims: TokenClaims; expiresAt: number }>>();
const VERIFIED_TOKENS = 1000;

/** The token's claims, or a short reason it is not acceptable (never the token itself). */
export async function readToken(
  token: string,
  settings: RequestSettings["tokens"],
): Promise<TokenClaims | { rejected: string }> {
  let cache = verified.get(settings.secret);
  if (!cache) verified.set(settings.secret, (cache = new LRUCache({ max: VERIFIED_TOKENS })));
  const known = cache.get(token);
  if (known) {
    // jose's own rule: expired once the current second reaches `exp`.
    if (known.expiresAt > Math.floor(Date.now() / 1000)) return known.claims;
    cache.delete(token);
    return { rejected: "expired" };
  }
  try {
    const { payload } = await jwtVerify(token, settings.secret, { issuer: ISSUER, audience: AUDIENCE, algorithms: ["HS256"] });
    const userId = Number(payload.sub);
    if (!Number.isSafeInteger(userId) || typeof payload.ver !== "number") return { rejected: "malformed claims" };
    const claims = { userId, version: payload.ver };
    // Greenlight's tokens always expire; one without `exp` (signed elsewhere with the secret) is not cached.
    if (typeof payload.exp === "number") cache.set(token, { claims, expiresAt: payload.exp });
    return claims;
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { rejected: "expired" };
    return { rejected: "invalid" };
  }
}
