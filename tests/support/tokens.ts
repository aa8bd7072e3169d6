import { SignJWT } from "jose";
import { decodeId } from "./ids.js";

/**
 * A token signed with the server's secret that expired an hour ago, as the server would have issued it.
 * `userId` is the user's id as the API answers it; tokens carry the database key, as the server's do.
 */
export function expiredToken(secret: string, userId: string, role = "ADMIN"): Promise<string> {
  return new SignJWT({ role, ver: 0 })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(String(decodeId(userId).rowId))
    .setIssuer("greenlight")
    .setAudience("greenlight-api")
    .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
    .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
    .sign(new TextEncoder().encode(secret));
}
