import { errors, jwtVerify, SignJWT } from "jose";
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

/** The token's claims, or a short reason it is not acceptable (never the token itself). */
export async function readToken(
  token: string,
  settings: RequestSettings["tokens"],
): Promise<TokenClaims | { rejected: string }> {
  try {
    const { payload } = await jwtVerify(token, settings.secret, { issuer: ISSUER, audience: AUDIENCE, algorithms: ["HS256"] });
    const userId = Number(payload.sub);
    if (!Number.isSafeInteger(userId) || typeof payload.ver !== "number") return { rejected: "malformed claims" };
    return { userId, version: payload.ver };
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { rejected: "expired" };
    return { rejected: "invalid" };
  }
}
