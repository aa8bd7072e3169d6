import pg from "pg";
import { decodeId } from "./support/ids.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminEnv, createStaff, type Staff } from "./support/accounts.js";
import { createArticle, makeDue, showId } from "./support/articles.js";
import { graphql, query } from "./support/graphql.js";
import { signatureIsValid, startReceiver, waitFor } from "./support/receiver.js";
import { onPostgres, startServer, startServerOnFreshDatabase } from "./support/server.js";

let server: Awaited<ReturnType<typeof startServerOnFreshDatabase>>;
let staff: Staff;

beforeAll(async () => {
  server = await startServerOnFreshDatabase({ ...adminEnv, WEBHOOK_MAX_ATTEMPTS: "3" });
  staff = await createStaff(server.url);
});
afterAll(async () => {
  await server?.close();
});

async function registerWebhook(url: string, receiverUrl: string, headers: Record<string, string>): Promise<{ id: string; secret: string }> {
  const data = await query(
    url,
    `mutation($url: String!) { registerWebhook(input: { url: $url, events: [ARTICLE_PUBLISHED] }) { secret endpoint { id } } }`,
    { url: receiverUrl },
    headers,
  );
  return { id: data.registerWebhook.endpoint.id, secret: data.registerWebhook.secret };
}

const deliveries = (endpointId: string) =>
  query(
    server.url,
    `{ webhookDeliveries(endpointId: "${endpointId}") { nodes { id event status attempts lastStatusCode lastError deliveredAt } } }`,
    undefined,
    staff.admin,
  ).then((data) => data.webhookDeliveries.nodes);

describe("webhooks", () => {
  it("only admins register them", async () => {
    const result = await graphql(server.url, `mutation { registerWebhook(input: { url: "http://127.0.0.1:1/x" }) { secret } }`, undefined, staff.editor);
    expect(result.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const invalid = await graphql(
      server.url,
      `mutation { registerWebhook(input: { url: "ftp://example.com", events: [ARTICLE_PUBLISHED] }) { secret } }`,
      undefined,
      staff.admin,
    );
    expect(invalid.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(invalid.body.errors?.[0]?.extensions?.fields.map((f: { field: string }) => f.field)).toEqual(["url"]);
    // Event types are the WebhookEvent enum: an unknown one (or a wire name) is refused before anything runs.
    for (const events of [`[ARTICLE_EXPLODED]`, `["article.published"]`]) {
      const unknown = await graphql(server.url, `mutation { registerWebhook(input: { url: "http://127.0.0.1:1/x", events: ${events} }) { secret } }`, undefined, staff.admin);
      expect(unknown.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.events.0" });
    }
  });

  it("a publish is delivered, signed, retried after failures and received exactly once", async () => {
    const receiver = await startReceiver({ failures: 2 });
    const failing = await startReceiver({ alwaysFail: true });
    try {
      const hook = await registerWebhook(server.url, receiver.url, staff.admin);
      const broken = await registerWebhook(server.url, failing.url, staff.admin);
      const article = await createArticle(server.url, staff.editor, { title: "Webhook probe", body: "x" });
      await query(server.url, `mutation { publishArticle(id: "${article.id}") { status } }`, undefined, staff.editor);

      const [delivered] = await waitFor(async () => {
        const rows = await deliveries(hook.id);
        return rows.length === 1 && rows[0].status === "DELIVERED" ? rows : null;
      });
      expect(delivered).toMatchObject({ event: "ARTICLE_PUBLISHED", attempts: 3, lastStatusCode: 200, lastError: null });
      expect(receiver.received.map((request) => request.answeredWith)).toEqual([500, 500, 200]);
      const ids = new Set(receiver.received.map((request) => request.headers["x-greenlight-delivery"]));
      expect(ids).toEqual(new Set([String(delivered.id)]));
      for (const request of receiver.received) {
        expect(signatureIsValid(hook.secret, request.body, request.headers["x-greenlight-signature"] as string)).toBe(true);
        expect(signatureIsValid("wrong-secret", request.body, request.headers["x-greenlight-signature"] as string)).toBe(false);
      }
      const body = JSON.parse(receiver.received[2]!.body);
      expect(body).toMatchObject({ event: "article.published", data: { id: article.id, rowId: decodeId(article.id).rowId, slug: "webhook-probe" } });

      // The receiver that never answers 2xx: visible as FAILED after the maximum attempts, never dropped.
      const [failed] = await waitFor(async () => {
        const rows = await deliveries(broken.id);
        return rows.length === 1 && rows[0].status === "FAILED" ? rows : null;
      });
      expect(failed).toMatchObject({ attempts: 3, lastStatusCode: 500, lastError: "HTTP 500", deliveredAt: null });
      const retried = await query(server.url, `mutation { retryWebhookDelivery(id: "${failed.id}") { status attempts } }`, undefined, staff.admin);
      expect(retried.retryWebhookDelivery).toEqual({ status: "PENDING", attempts: 0 });
      await waitFor(() => failing.received.length >= 4);
    } finally {
      await receiver.close();
      await failing.close();
    }
  });

  it("a delivery being sent cannot be retried into a second, simultaneous send", async () => {
    const slow = await startReceiver({ holdMs: 1500 });
    try {
      const hook = await registerWebhook(server.url, slow.url, staff.admin);
      const article = await createArticle(server.url, staff.editor, { title: "Slow receiver probe", body: "x" });
      await query(server.url, `mutation { publishArticle(id: "${article.id}") { status } }`, undefined, staff.editor);
      await waitFor(() => slow.received.length === 1);
      const [delivery] = await deliveries(hook.id);

      // The first attempt is still waiting for its answer: a retry now would send the event twice at once.
      const refused = await graphql(server.url, `mutation { retryWebhookDelivery(id: "${delivery.id}") { status } }`, undefined, staff.admin);
      expect(refused.body.errors?.[0]?.extensions?.code).toBe("CONFLICT");
      await waitFor(async () => ((await deliveries(hook.id))[0].status === "DELIVERED" ? true : null));
      await new Promise((resolve) => setTimeout(resolve, 800));
      expect(slow.received).toHaveLength(1);

      // Once the attempt is over, a retry is a deliberate redelivery, and the audit log says who asked for it.
      const again = await query(server.url, `mutation { retryWebhookDelivery(id: "${delivery.id}") { status } }`, undefined, staff.admin);
      expect(again.retryWebhookDelivery.status).toBe("PENDING");
      await waitFor(() => slow.received.length === 2);
      const log = await query(server.url, `{ auditLog(where: {entityType: "WebhookEndpoint", entityId: "${hook.id}"}) { nodes { action details } } }`, undefined, staff.admin);
      expect(log.auditLog.nodes).toContainEqual({ action: "webhook.delivery_retried", details: { delivery: delivery.id } });
    } finally {
      await slow.close();
    }
  });
});

describe("scheduled publishing", () => {
  it("publishes a due article once, by itself, and records the verdict", async () => {
    const walterBoys = await showId(server.url, "my-life-with-the-walter-boys");
    const article = await createArticle(server.url, staff.editor, {
      title: "Scheduled probe",
      body: "x",
      renewal: { showId: walterBoys, seasonNumber: 2, verdict: "RENEWED", announcedAt: "2026-11-02" },
    });
    const publishAt = new Date(Date.now() + 4000).toISOString();
    await query(server.url, `mutation($at: DateTime!) { scheduleArticle(input: { id: "${article.id}", publishAt: $at }) { status } }`, { at: publishAt }, staff.editor);
    expect((await query(server.url, `{ article(id: "${article.id}") { id } }`)).article).toBeNull();

    const published = await waitFor(async () => (await query(server.url, `{ article(id: "${article.id}") { status publishedAt } }`)).article);
    expect(published.status).toBe("PUBLISHED");
    expect(new Date(published.publishedAt).getTime()).toBeGreaterThanOrEqual(new Date(publishAt).getTime());
    await new Promise((resolve) => setTimeout(resolve, 800));
    const log = await query(server.url, `{ auditLog(where: {entityType: "Article", entityId: "${article.id}"}) { nodes { action actor { id } } } }`, undefined, staff.editor);
    expect(log.auditLog.nodes.filter((entry: { action: string }) => entry.action === "article.published")).toEqual([
      { action: "article.published", actor: null },
    ]);
    const show = await query(server.url, `{ show(slug: "my-life-with-the-walter-boys") { status statusHistory { article { id } } } }`);
    expect(show.show.status).toBe("RENEWED");
    expect(show.show.statusHistory).toEqual([{ article: { id: article.id } }]);
  });
});

describe.runIf(onPostgres)("on one PostgreSQL database shared by several servers", () => {
  it("two instances publish each scheduled article exactly once", async () => {
    const second = await startServer({ ...server.database.env, ...adminEnv, MIGRATE_ON_START: "false", SEED_ON_START: "false" });
    const receiver = await startReceiver();
    try {
      const hook = await registerWebhook(server.url, receiver.url, staff.admin);
      const ids: string[] = [];
      for (let index = 0; index < 6; index += 1) {
        ids.push((await createArticle(server.url, staff.editor, { title: `Race scheduled ${index}`, body: "x" })).id);
      }
      // Scheduled an hour ahead, then all made due at once in the database: a race with no timing in it.
      const due = new Date(Date.now() + 3_600_000).toISOString();
      for (const id of ids) {
        await query(server.url, `mutation($at: DateTime!) { scheduleArticle(input: { id: "${id}", publishAt: $at }) { status } }`, { at: due }, staff.editor);
      }
      await makeDue(server.database.url!, ids);
      await waitFor(async () => {
        const data = await query(second.url, `{ articles(first: 100, where: {status: PUBLISHED}) { nodes { id } } }`);
        const published = new Set(data.articles.nodes.map((a: { id: string }) => a.id));
        return ids.every((id) => published.has(id));
      });
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const client = new pg.Client({ connectionString: server.database.url });
      await client.connect();
      try {
        const audit = await client.query(
          `SELECT "entityId", count(*)::int AS n FROM "AuditEvent" WHERE action = 'article.published' AND "entityId" = ANY($1::int[]) GROUP BY "entityId"`,
          [ids.map((id) => decodeId(id).rowId)],
        );
        expect(audit.rows).toHaveLength(ids.length);
        for (const row of audit.rows) expect(row.n).toBe(1);
      } finally {
        await client.end();
      }
      await waitFor(() => receiver.received.length >= ids.length);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const deliveredIds = receiver.received.map((request) => JSON.parse(request.body).data.id).sort();
      expect(deliveredIds).toEqual([...ids].sort());
      await query(server.url, `mutation { deleteWebhook(id: "${hook.id}") { id } }`, undefined, staff.admin);
    } finally {
      await second.stop();
      await receiver.close();
    }
  });

  it("a server killed while sending a webhook leaves it to another, once the lease has run out", async () => {
    // Its own pair of servers, with a short lease: the shared one must not pick the delivery up first.
    const leases = { WEBHOOK_TIMEOUT_MS: "2500", WEBHOOK_LEASE_MS: "3000" };
    const doomed = await startServerOnFreshDatabase({ ...adminEnv, ...leases });
    const receiver = await startReceiver({ holdMs: 1000 });
    let rescuer: Awaited<ReturnType<typeof startServer>> | undefined;
    try {
      const people = await createStaff(doomed.url);
      const hook = await registerWebhook(doomed.url, receiver.url, people.admin);
      const article = await createArticle(doomed.url, people.editor, { title: "Crash probe", body: "x" });
      await query(doomed.url, `mutation { publishArticle(id: "${article.id}") { status } }`, undefined, people.editor);
      await waitFor(() => receiver.received.length === 1);
      doomed.process.kill("SIGKILL");
      const killedAt = Date.now();

      rescuer = await startServer({ ...doomed.database.env, ...adminEnv, ...leases, MIGRATE_ON_START: "false", SEED_ON_START: "false" });
      await waitFor(() => receiver.received.length === 2);
      // Not before the dead server's lease ran out (it was claimed just before the first request arrived).
      expect(Date.now() - killedAt).toBeGreaterThanOrEqual(2500);
      const [first, second] = receiver.received.map((request) => request.headers["x-greenlight-delivery"]);
      expect(second).toBe(first);
      const delivered = await waitFor(async () => {
        const data = await query(rescuer!.url, `{ webhookDeliveries(endpointId: "${hook.id}") { nodes { status } } }`, undefined, people.admin);
        return data.webhookDeliveries.nodes[0]?.status === "DELIVERED" ? data.webhookDeliveries.nodes : null;
      });
      expect(delivered).toHaveLength(1);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(receiver.received).toHaveLength(2);
    } finally {
      await rescuer?.stop();
      await receiver.close();
      await doomed.close();
    }
  });

  it("a publish that fails at its last step leaves nothing behind", async () => {
    const partnerTrack = await showId(server.url, "partner-track");
    const article = await createArticle(server.url, staff.editor, {
      title: "Rollback probe",
      body: "x",
      renewal: { showId: partnerTrack, seasonNumber: 2, verdict: "RENEWED", announcedAt: "2026-11-03" },
    });
    const client = new pg.Client({ connectionString: server.database.url });
    await client.connect();
    try {
      // Sabotage the last write of the publish (its audit entry) in the database itself.
      await client.query(`
        CREATE FUNCTION refuse_publish_audit() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION 'injected failure'; END; $$ LANGUAGE plpgsql;
        CREATE TRIGGER refuse_publish_audit BEFORE INSERT ON "AuditEvent"
          FOR EACH ROW WHEN (NEW.action = 'article.published') EXECUTE FUNCTION refuse_publish_audit();`);
      const before = await query(server.url, `{ show(slug: "partner-track") { status statusAnnouncedAt statusHistory { id } } }`);
      const failed = await graphql(server.url, `mutation { publishArticle(id: "${article.id}") { status } }`, undefined, staff.editor);
      expect(failed.body.errors?.[0]?.extensions?.code).toBe("INTERNAL_SERVER_ERROR");
      expect(JSON.stringify(failed.body)).not.toMatch(/injected failure|AuditEvent|SELECT|INSERT/);

      const after = await query(server.url, `{ show(slug: "partner-track") { status statusAnnouncedAt statusHistory { id } } }`);
      expect(after).toEqual(before);
      const state = await query(server.url, `{ article(id: "${article.id}") { status publishedAt } }`, undefined, staff.editor);
      expect(state.article).toEqual({ status: "DRAFT", publishedAt: null });
      const changes = await client.query(`SELECT count(*)::int AS n FROM "StatusChangeSource" WHERE "articleId" = $1`, [decodeId(article.id).rowId]);
      expect(changes.rows[0].n).toBe(0);

      await client.query(`DROP TRIGGER refuse_publish_audit ON "AuditEvent"; DROP FUNCTION refuse_publish_audit();`);
      const published = await query(server.url, `mutation { publishArticle(id: "${article.id}") { status renewalShow { status } } }`, undefined, staff.editor);
      expect(published.publishArticle).toEqual({ status: "PUBLISHED", renewalShow: { status: "RENEWED" } });
    } finally {
      await client.end();
    }
  });
});
