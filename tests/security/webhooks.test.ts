import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminEnv, createStaff, type Staff } from "../support/accounts.js";
import { createArticle } from "../support/articles.js";
import { graphql, query } from "../support/graphql.js";
import { startReceiver, waitFor } from "../support/receiver.js";
import { createTestDatabase, startServer, type TestDatabase } from "../support/server.js";

const REGISTER = `mutation($url: String!) { registerWebhook(input: { url: $url }) { endpoint { id url } } }`;
const DELIVERIES = `query($id: ID!) { webhookDeliveries(endpointId: $id) { nodes { id status attempts lastStatusCode lastError } } }`;

async function publishProbe(url: string, staff: Staff, title: string): Promise<void> {
  const article = await createArticle(url, staff.editor, { title, body: "x" });
  await query(url, `mutation { publishArticle(id: "${article.id}") { status } }`, undefined, staff.editor);
}

describe("webhook receivers on internal addresses", () => {
  let database: TestDatabase;
  let server: Awaited<ReturnType<typeof startServer>>;
  let staff: Staff;

  beforeAll(async () => {
    database = await createTestDatabase();
    // No allow-list: the tests' own receivers on 127.0.0.1 are as forbidden as any internal service.
    server = await startServer({ ...database.env, ...adminEnv, WEBHOOK_ALLOWED_HOSTS: "" });
    staff = await createStaff(server.url);
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it("are refused at registration, however the address is written, and nothing is stored", async () => {
    const internal = [
      "http://127.0.0.1:6379/",
      "http://localhost:5432/x",
      "http://169.254.169.254/latest/meta-data/",
      "http://10.1.2.3/hook",
      "http://192.168.0.1/hook",
      "http://172.16.5.4/hook",
      "http://100.100.100.200/latest/meta-data/",
      "http://0.0.0.0:4000/",
      "http://[::1]:80/",
      "http://[::ffff:127.0.0.1]/",
      "http://[fd00:ec2::254]/",
      "http://2130706433/",
      "http://0x7f.1/",
    ];
    for (const url of internal) {
      const result = await graphql(server.url, REGISTER, { url }, staff.admin);
      expect(result.body.errors?.[0]?.extensions, url).toMatchObject({ code: "BAD_USER_INPUT", field: "url" });
    }
    const listed = await query(server.url, `{ webhookEndpoints { totalCount } }`, undefined, staff.admin);
    expect(listed.webhookEndpoints.totalCount).toBe(0);
  });
});

describe("webhook deliveries to internal addresses", () => {
  it("are refused again at delivery, after resolution, with one message whatever the port", async () => {
    const database = await createTestDatabase();
    const receiver = await startReceiver();
    try {
      // Endpoints registered while loopback was allowed (or whose names have since come to point inward) ...
      const ids: string[] = [];
      const permissive = await startServer({ ...database.env, ...adminEnv, WEBHOOK_ALLOWED_HOSTS: "127.0.0.1,localhost", WEBHOOKS_ENABLED: "false" });
      let staff!: Staff;
      try {
        staff = await createStaff(permissive.url);
        for (const url of [receiver.url, receiver.url.replace("127.0.0.1", "localhost"), "http://127.0.0.1:1/closed-port"]) {
          ids.push((await query(permissive.url, REGISTER, { url }, staff.admin)).registerWebhook.endpoint.id);
        }
        await publishProbe(permissive.url, staff, "Internal receiver probe");
      } finally {
        await permissive.stop();
      }
      // ... are not called by a dispatcher that does not allow them, and an open port looks like a closed one.
      const strict = await startServer({ ...database.env, WEBHOOK_ALLOWED_HOSTS: "" });
      try {
        const outcomes = await waitFor(async () => {
          const rows = await Promise.all(ids.map(async (id) => (await query(strict.url, DELIVERIES, { id }, staff.admin)).webhookDeliveries.nodes[0]));
          return rows.every((row) => row?.attempts >= 1) ? rows : null;
        });
        expect(receiver.received).toHaveLength(0);
        for (const outcome of outcomes) {
          expect(outcome).toMatchObject({ status: "PENDING", lastStatusCode: null, lastError: outcomes[0].lastError });
        }
        expect(outcomes[0].lastError).toMatch(/not allowed/);
      } finally {
        await strict.stop();
      }
    } finally {
      await receiver.close();
      await database.drop();
    }
  });
});

describe("webhook endpoints (receivers on loopback allowed)", () => {
  let database: TestDatabase;
  let server: Awaited<ReturnType<typeof startServer>>;
  let staff: Staff;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServer({ ...database.env, ...adminEnv, WEBHOOK_MAX_ATTEMPTS: "50", WEBHOOK_RETRY_BASE_MS: "50" });
    staff = await createStaff(server.url);
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it("a deactivated endpoint's queued retries wait, and go out again once it is reactivated", async () => {
    const receiver = await startReceiver({ alwaysFail: true });
    try {
      const { registerWebhook } = await query(server.url, REGISTER, { url: receiver.url }, staff.admin);
      const id = registerWebhook.endpoint.id;
      await publishProbe(server.url, staff, "Deactivation probe");
      await waitFor(() => receiver.received.length >= 2);
      await query(server.url, `mutation { setWebhookActive(id: "${id}", active: false) { active } }`, undefined, staff.admin);
      // An attempt already under way when the endpoint was deactivated may still land.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const before = receiver.received.length;
      const [paused] = (await query(server.url, DELIVERIES, { id }, staff.admin)).webhookDeliveries.nodes;
      // Several poll intervals (200 ms) and backoffs (50-200 ms) later, nothing more was sent.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(receiver.received.length).toBe(before);
      const [still] = (await query(server.url, DELIVERIES, { id }, staff.admin)).webhookDeliveries.nodes;
      expect(still).toMatchObject({ status: "PENDING", attempts: paused.attempts });

      await query(server.url, `mutation { setWebhookActive(id: "${id}", active: true) { active } }`, undefined, staff.admin);
      await waitFor(() => receiver.received.length > before);
    } finally {
      await receiver.close();
    }
  });

  it("editors cannot read a webhook's URL through the audit log, and no one can read its credentials there", async () => {
    const url = "http://hook-user:hook-password@127.0.0.1:9/incoming?token=s3cret-token&channel=news";
    const { registerWebhook } = await query(server.url, REGISTER, { url }, staff.admin);
    const id = registerWebhook.endpoint.id;
    const entries = `{ auditLog(where: { entityType: "WebhookEndpoint", entityId: "${id}" }) { nodes { action details } } }`;

    const editor = await query(server.url, entries, undefined, staff.editor);
    expect(editor.auditLog.nodes).toEqual([{ action: "webhook.registered", details: null }]);
    // The field rule is the endpoint's own: editors may not list webhook endpoints either.
    expect((await graphql(server.url, `{ webhookEndpoints { nodes { url } } }`, undefined, staff.editor)).body.errors?.[0]?.extensions?.code).toBe(
      "FORBIDDEN",
    );

    const admin = await query(server.url, entries, undefined, staff.admin);
    expect(admin.auditLog.nodes).toEqual([
      { action: "webhook.registered", details: { url: "http://127.0.0.1:9/incoming?token=redacted&channel=redacted" } },
    ]);
    expect(JSON.stringify(admin)).not.toMatch(/hook-password|hook-user|s3cret-token/);
  });
});
