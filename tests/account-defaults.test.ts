import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graphql } from "./support/graphql.js";
import { createTestDatabase, runCli, startServer, type TestDatabase } from "./support/server.js";

const DEVELOPMENT_PASSWORD = "greenlight-dev-password";
const OPERATOR = { ADMIN_EMAIL: "ops@tests.invalid", ADMIN_PASSWORD: "operator-password-123" };
const PRODUCTION = { NODE_ENV: "production", JWT_SECRET: "a-production-secret-of-at-least-32-characters" };

const signIn = (url: string, email: string, password: string) =>
  graphql(url, `mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { token } }`, { e: email, p: password });

describe("accounts: safe defaults", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    expect((await runCli(["migrate"], database.env)).code).toBe(0);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("db:seed with NODE_ENV unset loads the seed without the development accounts", async () => {
    const seeded = await runCli(["seed"], { ...database.env, NODE_ENV: "" });
    expect(seeded).toMatchObject({ code: 0, output: expect.stringContaining("Seed loaded.\n") });
    const reset = await runCli(["user:password", "--email", "admin@greenlight.test", "--password", "whatever-password"], database.env);
    expect(reset).toMatchObject({ code: 1, output: expect.stringContaining("No user has the email admin@greenlight.test.") });
  });

  it("with NODE_ENV=development explicit, it creates them", async () => {
    const seeded = await runCli(["seed"], { ...database.env, NODE_ENV: "development" });
    expect(seeded).toMatchObject({ code: 0, output: expect.stringContaining("Seed loaded, with the development accounts.") });
  });

  it("a production start revokes the development accounts (logged), so ADMIN_EMAIL's admin is created", async () => {
    const server = await startServer({ ...database.env, ...PRODUCTION, ...OPERATOR, SEED_ON_START: "false", MIGRATE_ON_START: "false" });
    try {
      const logs = server.logs();
      expect(logs).toContain('"accounts":["admin@greenlight.test","editor@greenlight.test","writer@greenlight.test"]');
      expect(logs).toContain("Revoked the development accounts that had the published development password: this is production");
      expect(logs).toContain('"email":"ops@tests.invalid","msg":"Created the first admin from ADMIN_EMAIL"');
      for (const email of ["admin@greenlight.test", "editor@greenlight.test"]) {
        expect((await signIn(server.url, email, DEVELOPMENT_PASSWORD)).body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      }
      expect((await signIn(server.url, OPERATOR.ADMIN_EMAIL, OPERATOR.ADMIN_PASSWORD)).body.data?.signIn?.token).toBeTruthy();
    } finally {
      await server.stop();
    }
  });

  it("ADMIN_EMAIL's admin existing already, another ADMIN_PASSWORD is not silently ignored: the log names the reset command, which works", async () => {
    const changed = { ...OPERATOR, ADMIN_PASSWORD: "a-different-operator-password" };
    const server = await startServer({ ...database.env, ...PRODUCTION, ...changed, SEED_ON_START: "false", MIGRATE_ON_START: "false" });
    try {
      const logs = server.logs();
      expect(logs).not.toContain("Revoked the development accounts");
      expect(logs).toContain('"email":"ops@tests.invalid","admins":["ops@tests.invalid"]');
      expect(logs).toContain('"resetPassword":"npm run user:password -- --email EMAIL --password NEW_PASSWORD"');
      expect(logs).toContain("ADMIN_EMAIL's account already exists: ADMIN_PASSWORD only creates it and never changes it");
      expect((await signIn(server.url, changed.ADMIN_EMAIL, changed.ADMIN_PASSWORD)).body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");

      // The reset, run while the server holds the database (through it when embedded).
      const reset = await runCli(["user:password", "--email", changed.ADMIN_EMAIL, "--password", changed.ADMIN_PASSWORD], { ...database.env, ...PRODUCTION });
      expect(reset).toMatchObject({ code: 0, output: expect.stringContaining("Set a new password for ops@tests.invalid") });
      expect((await signIn(server.url, changed.ADMIN_EMAIL, changed.ADMIN_PASSWORD)).body.data?.signIn?.token).toBeTruthy();
    } finally {
      await server.stop();
    }
  });
});
