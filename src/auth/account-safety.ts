import type { PrismaClient } from "../db/prisma.js";
import { DEVELOPMENT_PASSWORD, developmentUsers } from "../db/seed.js";
import { recordAudit } from "../common/audit.js";
import { hashPassword, verifyPassword } from "./password.js";

/** How an operator resets a password; named wherever a password problem is reported. */
export const PASSWORD_RESET_COMMAND = "npm run user:password -- --email EMAIL --password NEW_PASSWORD";

/**
 * Revokes the seed's development accounts that still have the published development password: in
 * production anyone could sign in with them. Accounts whose password was changed are left alone.
 * Returns the emails revoked.
 */
export async function disableDevelopmentAccounts(prisma: PrismaClient): Promise<string[]> {
  const candidates = await prisma.user.findMany({
    where: { email: { in: developmentUsers.map((user) => user.email) }, revokedAt: null },
    select: { id: true, email: true, passwordHash: true },
  });
  const disabled: string[] = [];
  for (const user of candidates) {
    if (!(await verifyPassword(user.passwordHash, DEVELOPMENT_PASSWORD))) continue;
    await prisma.$transaction(async (tx) => {
      await tx.user.update({ where: { id: user.id }, data: { revokedAt: new Date(), tokenVersion: { increment: 1 } } });
      await recordAudit(tx, {
        actorId: null,
        action: "user.revoked",
        entityType: "User",
        entityId: user.id,
        details: { reason: "development account with the development password, in production" },
      });
    });
    disabled.push(user.email);
  }
  return disabled;
}

/** Sets a user's password from the command line; tokens issued before stop working. */
export async function resetPassword(prisma: PrismaClient, email: string, password: string): Promise<{ id: number; email: string }> {
  const user = await prisma.user.findUnique({ where: { email: email.toLowerCase() }, select: { id: true } });
  if (!user) throw new Error(`No user has the email ${email}.`);
  const passwordHash = await hashPassword(password);
  return prisma.$transaction(async (tx) => {
    const updated = await tx.user.update({
      where: { id: user.id },
      data: { passwordHash, tokenVersion: { increment: 1 } },
      select: { id: true, email: true },
    });
    await recordAudit(tx, { actorId: null, action: "user.password_reset", entityType: "User", entityId: user.id, details: {} });
    return updated;
  });
}
