import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, adminEnv, createStaff, signIn, type Staff } from "./support/accounts.js";
import { bearer, graphql, query } from "./support/graphql.js";
import { runCli, startServerOnFreshDatabase } from "./support/server.js";

let server: Awaited<ReturnType<typeof startServerOnFreshDatabase>>;
let staff: Staff;

beforeAll(async () => {
  server = await startServerOnFreshDatabase(adminEnv);
  staff = await createStaff(server.url);
});
afterAll(async () => {
  await server?.close();
});

describe("signing in", () => {
  it("returns a token that identifies the user through `me`", async () => {
    const data = await query(server.url, `{ me { email name role } }`, undefined, staff.editor);
    expect(data.me).toEqual({ email: "editor@tests.invalid", name: "Eve Editor", role: "EDITOR" });
    expect((await query(server.url, `{ me { id } }`)).me).toBeNull();
  });

  it("answers a wrong password and an unknown email alike", async () => {
    const wrong = await graphql(server.url, `mutation { signIn(email: "${ADMIN.email}", password: "not-the-password") { token } }`);
    const unknown = await graphql(server.url, `mutation { signIn(email: "nobody@tests.invalid", password: "not-the-password") { token } }`);
    for (const result of [wrong, unknown]) {
      expect(result.body.errors?.[0]).toMatchObject({ message: "Invalid email or password.", extensions: { code: "UNAUTHENTICATED" } });
    }
    expect(JSON.stringify(wrong.body)).not.toContain("not-the-password");
  });

  it("refuses malformed and wrongly signed tokens with UNAUTHENTICATED: HTTP 200 as application/json, 401 as graphql-response+json", async () => {
    const forged = await new SignJWT({ role: "ADMIN", ver: 0 })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(staff.ids.admin)
      .setIssuer("greenlight")
      .setAudience("greenlight-api")
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode("a-completely-different-secret-of-enough-length"));
    for (const authorization of ["Bearer not-a-token", "Basic YWRtaW46YWRtaW4=", `Bearer ${forged}`]) {
      const result = await graphql(server.url, `{ me { id } }`, undefined, { authorization });
      expect(result.status, authorization).toBe(200);
      expect(result.headers.get("content-type")).toMatch(/^application\/json/);
      expect(result.body).toEqual({ errors: [expect.objectContaining({ extensions: { code: "UNAUTHENTICATED" } })] });
      const spec = await graphql(server.url, `{ me { id } }`, undefined, { authorization, accept: "application/graphql-response+json" });
      expect(spec.status, authorization).toBe(401);
      expect(spec.headers.get("content-type")).toMatch(/^application\/graphql-response\+json/);
      expect(spec.headers.get("www-authenticate")).toMatch(/^Bearer /);
      expect(spec.body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    }
    // A failed sign-in is a field error in a result with data: 200 in both media types.
    for (const accept of ["application/json", "application/graphql-response+json"]) {
      const failed = await graphql(server.url, `mutation { signIn(email: "nobody@tests.invalid", password: "not-the-password") { token } }`, undefined, { accept });
      expect(failed.status, accept).toBe(200);
      expect(failed.body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    }
  });
});

describe("token lifetime", () => {
  // The first request caches the token's verification (src/auth/tokens.ts): the cache must honour expiry.
  it("an expired token is refused with UNAUTHENTICATED and says so", async () => {
    const shortTtl = await startServerOnFreshDatabase({ ...adminEnv, JWT_TTL: "2s" });
    try {
      const token = await signIn(shortTtl.url, ADMIN.email, ADMIN.password);
      expect((await graphql(shortTtl.url, `{ me { id } }`, undefined, bearer(token))).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      const expired = await graphql(shortTtl.url, `{ me { id } }`, undefined, bearer(token));
      expect(expired.status).toBe(200);
      expect(expired.body.errors?.[0]?.message).toMatch(/expired/);
      expect(expired.body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    } finally {
      await shortTtl.close();
    }
  });
});

describe("user management is for admins", () => {
  const createUser = `mutation { createUser(input: { email: "x@tests.invalid", name: "X", password: "a-long-enough-password", role: WRITER }) { id } }`;

  it("refuses editors and writers (FORBIDDEN) and anonymous callers (UNAUTHENTICATED)", async () => {
    for (const [who, headers, code] of [
      ["editor", staff.editor, "FORBIDDEN"],
      ["writer", staff.writer, "FORBIDDEN"],
      ["anonymous", {}, "UNAUTHENTICATED"],
    ] as const) {
      for (const operation of [createUser, `{ users { nodes { id } } }`, `mutation { revokeUserAccess(userId: "${staff.ids.writer}") { id } }`]) {
        const result = await graphql(server.url, operation, undefined, headers);
        expect(result.body.errors?.[0]?.extensions?.code, `${who}: ${operation}`).toBe(code);
      }
    }
    const users = await query(server.url, `{ users(first: 100) { nodes { email } } }`, undefined, staff.admin);
    expect(users.users.nodes.map((u: { email: string }) => u.email)).not.toContain("x@tests.invalid");
  });

  it("validates new users: email, password length, duplicates", async () => {
    const invalid = await graphql(
      server.url,
      `mutation { createUser(input: { email: "not-an-email", name: "X", password: "short", role: WRITER }) { id } }`,
      undefined,
      staff.admin,
    );
    expect(invalid.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const fields = invalid.body.errors?.[0]?.extensions?.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(expect.arrayContaining(["email", "password"]));
    const duplicate = await graphql(
      server.url,
      `mutation { createUser(input: { email: "EDITOR@tests.invalid", name: "X", password: "a-long-enough-password", role: WRITER }) { id } }`,
      undefined,
      staff.admin,
    );
    expect(duplicate.body.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", field: "email" });
  });

  it("private fields are for the user and admins only", async () => {
    const asOther = await graphql(server.url, `{ users { nodes { email } } }`, undefined, staff.admin);
    expect(asOther.body.errors).toBeUndefined();
    const article = await query(
      server.url,
      `mutation { createArticle(input: { title: "Private fields probe", body: "x" }) { id author { id rowId name } } }`,
      undefined,
      staff.writer,
    );
    const me = await query(server.url, `{ me { id rowId } }`, undefined, staff.writer);
    // Authors are public, but only as name and id: the Author type has no email at all. An Author is its own
    // Node (its id is not the User's, so a client cache keeps the public face and the account apart); same key.
    expect(article.createArticle.author).toEqual({ id: expect.any(String), rowId: me.me.rowId, name: "Walt Writer" });
    expect(article.createArticle.author.id).not.toBe(me.me.id);
    const probe = await graphql(server.url, `{ article(id: "${article.createArticle.id}") { author { email } } }`, undefined, staff.editor);
    expect(probe.status).toBe(400);
  });

  it("a verified token is reused only as it is: its claims under another signature are refused", async () => {
    const token = await signIn(server.url, ADMIN.email, ADMIN.password);
    for (let use = 0; use < 3; use += 1) expect((await query(server.url, `{ me { email } }`, undefined, bearer(token))).me.email).toBe(ADMIN.email);
    const [header, payload, signature] = token.split(".");
    const forged = `${header}.${payload}.${signature!.startsWith("A") ? "B" : "A"}${signature!.slice(1)}`;
    const refused = await graphql(server.url, `{ me { email } }`, undefined, bearer(forged));
    expect(refused.body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(refused.body.errors?.[0]?.message).toMatch(/not valid/);
  });

  // Verified tokens are cached, revocation is not: the token below was verified (and cached) before it was revoked.
  it("revoking access kills the user's tokens at once; restoring lets them sign in again", async () => {
    const email = "revokee@tests.invalid";
    const password = "revokee-password-for-tests";
    const created = await query(
      server.url,
      `mutation { createUser(input: { email: "${email}", name: "Rev", password: "${password}", role: WRITER }) { id } }`,
      undefined,
      staff.admin,
    );
    const token = await signIn(server.url, email, password);
    expect((await graphql(server.url, `{ me { id } }`, undefined, bearer(token))).status).toBe(200);

    const revoked = await query(
      server.url,
      `mutation { revokeUserAccess(userId: "${created.createUser.id}") { revokedAt } }`,
      undefined,
      staff.admin,
    );
    expect(revoked.revokeUserAccess.revokedAt).toBeTruthy();
    const after = await graphql(server.url, `{ me { id } }`, undefined, bearer(token));
    expect(after.status).toBe(200);
    expect(after.body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    const signInAgain = await graphql(server.url, `mutation { signIn(email: "${email}", password: "${password}") { token } }`);
    expect(signInAgain.body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");

    await query(server.url, `mutation { restoreUserAccess(userId: "${created.createUser.id}") { id } }`, undefined, staff.admin);
    expect((await graphql(server.url, `{ me { id } }`, undefined, bearer(token))).body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    const fresh = await signIn(server.url, email, password);
    expect((await query(server.url, `{ me { email } }`, undefined, bearer(fresh))).me.email).toBe(email);

    const self = await graphql(server.url, `mutation { revokeUserAccess(userId: "${staff.ids.admin}") { id } }`, undefined, staff.admin);
    expect(self.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const log = await query(server.url, `{ auditLog(where: {entityType: "User", entityId: "${created.createUser.id}"}) { nodes { action actor { id } } } }`, undefined, staff.admin);
    expect(log.auditLog.nodes.map((e: { action: string }) => e.action)).toEqual(["user.restored", "user.revoked", "user.created"]);
  });
});

describe("accounts from the command line and the environment", () => {
  it("user:create makes a user who can sign in; bad arguments fail clearly", async () => {
    const created = await runCli(
      ["user:create", "--email", "cli@tests.invalid", "--password", "cli-password-for-tests", "--role", "editor"],
      server.database.env,
    );
    // On the embedded database, which belongs to the running server, the command is run by that server.
    expect(created.code, created.output).toBe(0);
    expect(await signIn(server.url, "cli@tests.invalid", "cli-password-for-tests")).toBeTruthy();
    if (!server.database.url) expect(server.logs()).toContain('"command":"user:create","msg":"Running a CLI command sent over the admin channel"');
    const bad = await runCli(["user:create", "--email", "x@tests.invalid", "--password", "short", "--role", "EDITOR"], server.database.env);
    expect(bad.code).not.toBe(0);
    expect(bad.output).toMatch(/--password must be at least 12/);
  });

  it("production refuses to start without JWT_SECRET", async () => {
    const result = await runCli(["start"], { NODE_ENV: "production", DATA_DIR: "/nonexistent/never-created" });
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/JWT_SECRET: required in production/);
  });

  it("a webhook lease no longer than the webhook timeout is refused at start, saying why", async () => {
    const result = await runCli(["start"], { WEBHOOK_TIMEOUT_MS: "5000", WEBHOOK_LEASE_MS: "5000", DATA_DIR: "/nonexistent/never-created" });
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/WEBHOOK_LEASE_MS: must be longer than WEBHOOK_TIMEOUT_MS/);
  });
});
