import type { Viewer, ViewerRole } from "../common/context.js";
import { globalId } from "../common/node.js";
import { recordAudit } from "../common/audit.js";
import { badUserInput, conflict, notFound, unauthenticated } from "../common/errors.js";
import { findPage, idOrdering, type ConnectionArgs, type Connection } from "../common/connection.js";
import { indexByKey } from "../common/request-scope.js";
import { RequestService } from "../common/service.js";
import { Prisma, type PrismaClient } from "../db/prisma.js";
import { preparedReadsOf, statementName } from "../db/prepared-reads.js";
import type { Author } from "./author.types.js";
import { hashPassword, verifyPassword } from "./password.js";
import { issueToken, readToken } from "./tokens.js";
import type { AuthPayload, CreateUserInput, User } from "./user.types.js";

export const publicColumns = { id: true, name: true, role: true, email: true, revokedAt: true, createdAt: true } as const;

/**
 * Who the bearer of a token is: signature, expiry, issuer and audience checked by the token
 * module; existence, revocation and role read from the database on every request, so a revoked
 * user or a changed role takes effect at once. Null without a header; an error for a bad one.
 */
export async function authenticate(
  prisma: PrismaClient,
  authorization: string | undefined,
  settings: Parameters<typeof readToken>[1],
): Promise<Viewer | null> {
  if (authorization === undefined || authorization === "") return null;
  const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(authorization);
  if (!match) throw unauthenticated("The Authorization header must be `Bearer <token>`.");
  const claims = await readToken(match[1]!, settings);
  if ("rejected" in claims) {
    throw unauthenticated(claims.rejected === "expired" ? "The token has expired; sign in again." : "The token is not valid.");
  }
  const user = await tokenHolder(prisma, claims.userId);
  if (!user || user.revoked || user.tokenVersion !== claims.version) {
    throw unauthenticated("The token is no longer valid; sign in again.");
  }
  return { id: user.id, role: user.role };
}

/**
 * The token holder's standing, read on the primary (a replica could still show a revoked user as active).
 * A prepared statement on the primary's pool where the client has one (db/prepared-reads.ts), as compiled
 * reads run: every authenticated request pays this read, and through Prisma it cost a plan lookup and its
 * query interpreter, a measurable share of a draft save's CPU (the benchmark's M1).
 */
const TOKEN_HOLDER_TEXT = `SELECT json_build_object('id', id, 'role', role, 'revoked', "revokedAt" IS NOT NULL, 'tokenVersion', "tokenVersion")::text AS body
  FROM "public"."User" WHERE id = $1`;
const TOKEN_HOLDER = { name: statementName(TOKEN_HOLDER_TEXT), text: TOKEN_HOLDER_TEXT };

async function tokenHolder(prisma: PrismaClient, id: number): Promise<{ id: number; role: ViewerRole; revoked: boolean; tokenVersion: number } | null> {
  const reader = preparedReadsOf(prisma);
  if (!reader) {
    const user = await prisma.user.findUnique({ where: { id }, select: { id: true, role: true, revokedAt: true, tokenVersion: true } });
    return user && { id: user.id, role: user.role, revoked: user.revokedAt !== null, tokenVersion: user.tokenVersion };
  }
  const body = await reader({ ...TOKEN_HOLDER, values: [id] });
  return body === null ? null : JSON.parse(body);
}

/** Creates a user (bootstrap, CLI and the createUser mutation all come here). */
export async function createUserAccount(
  prisma: PrismaClient,
  input: { email: string; name: string; password: string; role: ViewerRole },
  actorId: number | null,
): Promise<User> {
  const passwordHash = await hashPassword(input.password);
  try {
    return await prisma.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email: input.email.toLowerCase(), name: input.name, role: input.role, passwordHash },
        select: publicColumns,
      });
      await recordAudit(tx, { actorId, action: "user.created", entityType: "User", entityId: user.id, details: { role: user.role } });
      return user;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw conflict(`A user with email ${input.email} already exists.`, { field: "email" });
    }
    throw error;
  }
}

/** Creates the first admin from ADMIN_EMAIL/ADMIN_PASSWORD unless an admin who can sign in already exists. */
export async function ensureBootstrapAdmin(
  prisma: PrismaClient,
  admin: { email: string; password: string },
): Promise<boolean> {
  if (await prisma.user.findFirst({ where: { role: "ADMIN", revokedAt: null }, select: { id: true } })) return false;
  await createUserAccount(prisma, { email: admin.email, name: "Administrator", password: admin.password, role: "ADMIN" }, null);
  return true;
}

export class UserService extends RequestService {
  /** Accounts whose password was proved in this request (signIn): their private fields may be read. */
  private readonly signedInThisRequest = new Set<number>();

  /** Public author fields only: the query never selects email, role or password hash. */
  author(userId: number): Promise<Author | null> {
    return this.context.scope
      .loader<number, Author | null>("auth.authorById", async (ids) =>
        indexByKey(
          ids,
          await this.prisma.user.findMany({ where: { id: { in: [...ids] } }, select: { id: true, name: true } }),
          (user) => user.id,
        ),
      )
      .load(userId);
  }

  async signIn(email: string, password: string): Promise<AuthPayload> {
    const account = email.toLowerCase();
    const address = this.context.clientAddress ?? "unknown";
    const guard = this.context.settings.signIn;
    await guard.attempt(account, address);
    const user = await this.prisma.user.findUnique({ where: { email: account } });
    const valid = await verifyPassword(user?.passwordHash ?? null, password);
    // One answer for every failure, so the API does not reveal which emails have accounts.
    if (!user || !valid || user.revokedAt) throw unauthenticated("Invalid email or password.");
    await guard.succeeded(account, address);
    const { token, expiresAt } = await issueToken(user, this.context.settings.tokens);
    this.signedInThisRequest.add(user.id);
    return { token, expiresAt, user };
  }

  me(): Promise<User | null> {
    const viewer = this.context.viewer;
    return viewer ? this.prisma.user.findUnique({ where: { id: viewer.id }, select: publicColumns }) : Promise.resolve(null);
  }

  /** Oldest account first. */
  list(args: ConnectionArgs): Promise<Connection<User>> {
    return findPage(
      args,
      idOrdering<User>("asc"),
      {},
      (query) => this.prisma.user.findMany({ ...(query as Prisma.UserFindManyArgs), select: publicColumns }),
      () => this.prisma.user.count(),
    );
  }

  create(input: CreateUserInput): Promise<User> {
    return createUserAccount(this.prisma, input, this.context.viewer!.id);
  }

  /** Revocation bumps tokenVersion, so every token issued before it stops working at once. */
  revoke(userId: number): Promise<User> {
    if (userId === this.context.viewer!.id) throw badUserInput("You cannot revoke your own access.", "userId");
    return this.changeUser(userId, "user.revoked", { revokedAt: new Date(), tokenVersion: { increment: 1 } });
  }

  restore(userId: number): Promise<User> {
    return this.changeUser(userId, "user.restored", { revokedAt: null });
  }

  changeRole(userId: number, role: ViewerRole): Promise<User> {
    if (userId === this.context.viewer!.id && role !== "ADMIN") {
      throw badUserInput("You cannot take away your own admin role.", "userId");
    }
    return this.changeUser(userId, "user.role_changed", { role }, { role });
  }

  /**
   * The signed-in user's own password, proved by the current one (counted like sign-in attempts,
   * so a stolen token cannot be used to guess it). Every token issued so far stops working; the
   * answer carries a fresh one for this session.
   */
  async changePassword(currentPassword: string, newPassword: string): Promise<AuthPayload> {
    const viewer = this.context.viewer;
    if (!viewer) throw unauthenticated("Sign in to change your password.");
    const user = await this.prisma.user.findUniqueOrThrow({ where: { id: viewer.id } });
    const guard = this.context.settings.signIn;
    const address = this.context.clientAddress ?? "unknown";
    // The attempt is consumed before the check (see SignInGuard), so a failure needs no call of its own.
    await guard.attempt(user.email, address);
    if (!(await verifyPassword(user.passwordHash, currentPassword))) {
      throw badUserInput("The current password is not correct.", "currentPassword");
    }
    await guard.succeeded(user.email, address);
    if (newPassword === currentPassword) throw badUserInput("The new password must differ from the current one.", "newPassword");
    const updated = await this.setPassword(user.id, newPassword, "user.password_changed");
    const { token, expiresAt } = await issueToken(updated, this.context.settings.tokens);
    this.signedInThisRequest.add(user.id);
    return { token, expiresAt, user: updated };
  }

  /** An admin sets someone's password (say, after they lost it): their tokens stop working at once. */
  async resetPassword(userId: number, newPassword: string): Promise<User> {
    const { tokenVersion: _tokenVersion, ...user } = await this.setPassword(userId, newPassword, "user.password_reset");
    return user;
  }

  /** New hash and a bumped tokenVersion (so every earlier token is revoked), audited, in one transaction. */
  private async setPassword(userId: number, password: string, action: string) {
    const passwordHash = await hashPassword(password);
    return this.prisma.$transaction(async (tx) => {
      if (!(await tx.user.findUnique({ where: { id: userId }, select: { id: true } }))) throw notFound(`No user with id ${globalId("User", userId)}.`, "userId");
      const user = await tx.user.update({
        where: { id: userId },
        data: { passwordHash, tokenVersion: { increment: 1 } },
        select: { ...publicColumns, tokenVersion: true },
      });
      // Never the password or its hash: only that it changed, and by whom.
      await recordAudit(tx, { actorId: this.context.viewer!.id, action, entityType: "User", entityId: userId });
      return user;
    });
  }

  /** Private fields are for the user themself and for admins. */
  mayReadPrivate(user: User): boolean {
    if (this.signedInThisRequest.has(user.id)) return true;
    const viewer = this.context.viewer;
    return viewer !== null && (viewer.id === user.id || viewer.role === "ADMIN");
  }

  private async changeUser(
    userId: number,
    action: string,
    data: Prisma.UserUpdateInput,
    details?: Prisma.InputJsonValue,
  ): Promise<User> {
    return this.prisma.$transaction(async (tx) => {
      const exists = await tx.user.findUnique({ where: { id: userId }, select: { id: true } });
      if (!exists) throw notFound(`No user with id ${globalId("User", userId)}.`, "userId");
      const user = await tx.user.update({ where: { id: userId }, data, select: publicColumns });
      await recordAudit(tx, { actorId: this.context.viewer!.id, action, entityType: "User", entityId: userId, details });
      return user;
    });
  }
}
