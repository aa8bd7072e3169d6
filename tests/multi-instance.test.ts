import { randomUUID } from "node:crypto";
import { decodeId } from "./support/ids.js";
import { Redis } from "ioredis";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminEnv, createStaff, type Staff } from "./support/accounts.js";
import { createArticle, makeDue } from "./support/articles.js";
import { graphql, query } from "./support/graphql.js";
import { startReceiver, waitFor } from "./support/receiver.js";
import { onPostgres, startServer, startServerOnFreshDatabase, type RunningServer } from "./support/server.js";

// Three server processes on one PostgreSQL database and one Redis, sharing nothing in memory.
describe.runIf(onPostgres)("three instances on one database and one Redis", () => {
  const prefix = `test-${randomUUID()}:`;
  const env = { ...adminEnv, REDIS_URL: "redis://127.0.0.1:6379", REDIS_KEY_PREFIX: prefix, SCHEDULER_INTERVAL_MS: "150" };
  let first: Awaited<ReturnType<typeof startServerOnFreshDatabase>>;
  let others: RunningServer[] = [];
  let staff: Staff;

  beforeAll(async () => {
    first = await startServerOnFreshDatabase(env);
    const shared = { ...first.database.env, ...env, MIGRATE_ON_START: "false", SEED_ON_START: "false" };
    others = await Promise.all([startServer(shared), startServer(shared)]);
    staff = await createStaff(first.url);
  });
  afterAll(async () => {
    await Promise.all(others.map((server) => server.stop()));
    await first?.close();
    const redis = new Redis("redis://127.0.0.1:6379");
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it("each scheduled article is published once, every cache sees it, and each webhook event is delivered once", async () => {
    const servers = [first, ...others];
    const list = `{ articles(first: 100) { nodes { id } } }`;
    // Every instance has the list cached before anything is published.
    for (const server of servers) {
      await graphql(server.url, list);
      expect((await graphql(server.url, list)).headers.get("x-cache")).toBe("HIT");
    }
    const receiver = await startReceiver();
    try {
      const hook = await query(
        first.url,
        `mutation($url: String!) { registerWebhook(input: { url: $url, events: [ARTICLE_PUBLISHED] }) { endpoint { id } } }`,
        { url: receiver.url },
        staff.admin,
      );
      const ids: string[] = [];
      for (let index = 0; index < 8; index += 1) {
        ids.push((await createArticle(servers[index % 3]!.url, staff.editor, { title: `Three-way ${index}`, body: "x" })).id);
      }
      // Scheduled an hour ahead, then all made due at once in the database: a race with no timing in it.
      const due = new Date(Date.now() + 3_600_000).toISOString();
      for (const [index, id] of ids.entries()) {
        await query(servers[index % 3]!.url, `mutation($at: DateTime!) { scheduleArticle(input: { id: "${id}", publishAt: $at }) { status } }`, { at: due }, staff.editor);
      }
      await makeDue(first.database.url!, ids);
      // No instance serves its old cached list once they are out: every one lists all eight.
      for (const server of servers) {
        await waitFor(async () => {
          const nodes = (await query(server.url, list)).articles.nodes.map((a: { id: string }) => a.id);
          return ids.every((id) => nodes.includes(id));
        });
      }
      await waitFor(() => receiver.received.length >= ids.length);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const delivered = receiver.received.map((request) => String(JSON.parse(request.body).data.id)).sort();
      expect(delivered).toEqual([...ids].sort());

      const client = new pg.Client({ connectionString: first.database.url });
      await client.connect();
      try {
        const audit = await client.query(
          `SELECT "entityId", count(*)::int AS n, count(DISTINCT "actorId")::int AS actors FROM "AuditEvent"
           WHERE action = 'article.published' AND "entityId" = ANY($1::int[]) GROUP BY "entityId"`,
          [ids.map((id) => decodeId(id).rowId)],
        );
        expect(audit.rows).toHaveLength(ids.length);
        for (const row of audit.rows) expect(row.n).toBe(1);
      } finally {
        await client.end();
      }
      await query(first.url, `mutation { deleteWebhook(id: "${hook.registerWebhook.endpoint.id}") { id } }`, undefined, staff.admin);
    } finally {
      await receiver.close();
    }
  });

  it("a scheduled article whose verdict was contradicted meanwhile is held for review exactly once", async () => {
    const servers = [first, ...others];
    const walterBoys = (await query(first.url, `{ show(slug: "my-life-with-the-walter-boys") { id } }`)).show.id;
    const ids: string[] = [];
    for (let index = 0; index < 3; index += 1) {
      const article = await createArticle(servers[index]!.url, staff.editor, {
        title: `Walter Boys pending ${index}`,
        body: "No decision yet.",
        renewal: { showId: walterBoys, seasonNumber: 2, verdict: "PENDING" },
      });
      ids.push(article.id);
    }
    const due = new Date(Date.now() + 3_600_000).toISOString();
    for (const [index, id] of ids.entries()) {
      await query(servers[index]!.url, `mutation($at: DateTime!) { scheduleArticle(input: { id: "${id}", publishAt: $at }) { status } }`, { at: due }, staff.editor);
    }
    await query(
      first.url,
      `mutation($input: RecordStatusChangeInput!) { recordStatusChange(input: $input) { id } }`,
      { input: { showId: walterBoys, seasonNumber: 2, status: "RENEWED", announcedAt: "2026-11-30", sourceUrl: "https://about.netflix.com/en/news" } },
      staff.editor,
    );
    await makeDue(first.database.url!, ids);
    for (const id of ids) {
      await waitFor(async () => (await query(first.url, `{ article(id: "${id}") { status } }`, undefined, staff.editor)).article.status === "IN_REVIEW");
    }
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const client = new pg.Client({ connectionString: first.database.url });
    await client.connect();
    try {
      const audit = await client.query(
        `SELECT "entityId", action, count(*)::int AS n FROM "AuditEvent"
         WHERE action IN ('article.publish_held', 'article.published') AND "entityId" = ANY($1::int[]) GROUP BY "entityId", action`,
        [ids.map((id) => decodeId(id).rowId)],
      );
      expect(audit.rows.map((row) => [row.action, row.n])).toEqual(ids.map(() => ["article.publish_held", 1]));
    } finally {
      await client.end();
    }
  });
});
