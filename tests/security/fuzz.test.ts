import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminEnv, createStaff, type Staff } from "../support/accounts.js";
import { graphql, query, type GraphQLResponse } from "../support/graphql.js";
import { startServerOnFreshDatabase } from "../support/server.js";

// Generated inputs for every mutation: each answer must be a success or a client error with a code,
// never a 500, a crash or a half-written row.
let server: Awaited<ReturnType<typeof startServerOnFreshDatabase>>;
let staff: Staff;

beforeAll(async () => {
  server = await startServerOnFreshDatabase({ ...adminEnv, NODE_ENV: "production", JWT_SECRET: "f".repeat(48) });
  staff = await createStaff(server.url);
});
afterAll(async () => {
  await server?.close();
});

const CLIENT_CODES = new Set(["BAD_USER_INPUT", "NOT_FOUND", "CONFLICT", "INVALID_TRANSITION", "UNAUTHENTICATED", "FORBIDDEN", "QUERY_TOO_COMPLEX"]);

function expectHandled(result: GraphQLResponse, input: unknown): void {
  const context = JSON.stringify(input).slice(0, 300);
  expect(result.status, context).toBeLessThan(500);
  for (const error of result.body.errors ?? []) {
    const code = String(error.extensions?.code);
    // Variables that do not fit their types are refused before execution.
    const accepted = CLIENT_CODES.has(code) || code === "GRAPHQL_VALIDATION_FAILED" || code === "BAD_REQUEST";
    expect(accepted, `${code}: ${error.message} for ${context}`).toBe(true);
  }
}

const anyText = (maxLength: number) =>
  fc.oneof(fc.string({ unit: "grapheme", maxLength }), fc.string({ unit: "binary", maxLength }), fc.constantFrom("", " ", "\u0000", "<script>x</script>", "'; DROP TABLE \"Article\"; --"));
const anyInt = fc.oneof(fc.integer(), fc.integer({ min: -3, max: 3 }), fc.constantFrom(2 ** 31 - 1, -(2 ** 31)));
const anyId = fc.oneof(fc.nat().map(String), fc.string({ maxLength: 12 }), fc.constantFrom("0", "-1", "1e3", "99999999999", "1"));

describe("fuzzed mutation inputs", () => {
  it("createArticle: any title, body, slug, shows and renewal", async () => {
    const create = `mutation($input: CreateArticleInput!) { createArticle(input: $input) { id title slug status version } }`;
    const counts = async () => {
      const data = await query(
        server.url,
        `{ articles(first: 0) { totalCount } auditLog(first: 0, where: {action: "article.created"}) { totalCount } }`,
        undefined,
        staff.editor,
      );
      return { articles: data.articles.totalCount as number, creations: data.auditLog.totalCount as number };
    };
    const before = await counts();
    let created = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            title: anyText(400),
            body: anyText(2000),
            summary: fc.option(anyText(600), { nil: undefined }),
            slug: fc.option(fc.oneof(anyText(150), fc.stringMatching(/^[a-z0-9]+(-[a-z0-9]+)*$/)), { nil: undefined }),
            showIds: fc.option(fc.array(anyId, { maxLength: 5 }), { nil: undefined }),
            renewal: fc.option(fc.record({ showId: anyId, seasonNumber: anyInt, verdict: fc.constantFrom("RENEWED", "CANCELED", "PENDING", "ENDED") }), { nil: undefined }),
          },
          { requiredKeys: ["title", "body"] },
        ),
        async (input) => {
          const result = await graphql(server.url, create, { input }, staff.editor);
          expectHandled(result, input);
          if (result.body.data?.createArticle) {
            created += 1;
            expect(result.body.data.createArticle).toMatchObject({ status: "DRAFT", version: 1 });
          }
        },
      ),
      { numRuns: 700 },
    );
    // Every accepted create wrote its article and its audit entry, and no refused one wrote anything.
    const after = await counts();
    expect(after.articles - before.articles).toBe(created);
    expect(after.creations - before.creations).toBe(created);
    expect(created).toBeGreaterThan(10);
  });

  it("updateArticle and workflow mutations: any ids, versions and notes", async () => {
    const article = await query(server.url, `mutation { createArticle(input: {title: "Fuzz target", body: "x"}) { id } }`, undefined, staff.editor);
    const targets = fc.oneof(anyId, fc.constant(article.createArticle.id));
    await fc.assert(
      fc.asyncProperty(
        fc.record({ id: targets, baseVersion: anyInt, title: fc.option(anyText(300), { nil: undefined }), body: fc.option(anyText(500), { nil: undefined }) }),
        async (input) => {
          expectHandled(await graphql(server.url, `mutation($input: UpdateArticleInput!) { updateArticle(input: $input) { version } }`, { input }, staff.editor), input);
        },
      ),
      { numRuns: 400 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("submitForReview", "publishArticle", "unpublishArticle", "archiveArticle"),
        targets,
        async (mutation, id) => {
          expectHandled(await graphql(server.url, `mutation($id: ID!) { ${mutation}(id: $id) { status } }`, { id }, staff.editor), { mutation, id });
        },
      ),
      { numRuns: 200 },
    );
    await fc.assert(
      fc.asyncProperty(fc.record({ id: targets, publishAt: fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), anyText(30)) }), async (input) => {
        expectHandled(await graphql(server.url, `mutation($input: ScheduleArticleInput!) { scheduleArticle(input: $input) { status } }`, { input }, staff.editor), input);
      }),
      { numRuns: 200 },
    );
  });

  it("importTop10: any text, including rows with impossible ranks, weeks and figures", async () => {
    const header = "week\tcategory\tweekly_rank\tshow_title\tseason_title\tweekly_hours_viewed\truntime\tweekly_views\tcumulative_weeks_in_top_10\tis_staggered_launch\tepisode_launch_details";
    const cell = fc.oneof(anyText(20), anyInt.map(String), fc.constantFrom("2021-07-04", "TV (English)", "N/A", "-5", "1e309", ""));
    const row = fc.array(cell, { minLength: 1, maxLength: 12 }).map((cells) => cells.join("\t"));
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 6 }), fc.boolean(), async (rows, withHeader) => {
        const tsv = [...(withHeader ? [header] : []), ...rows].join("\n");
        expectHandled(await graphql(server.url, `mutation($tsv: String!) { importTop10(tsv: $tsv) { rowsRead } }`, { tsv }, staff.admin), tsv);
      }),
      { numRuns: 400 },
    );
  });

  it("signIn, createUser and the read filters: any strings and numbers", async () => {
    await fc.assert(
      fc.asyncProperty(anyText(300), anyText(300), async (email, password) => {
        expectHandled(await graphql(server.url, `mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { token } }`, { e: email, p: password }), { email });
      }),
      { numRuns: 300 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.record({ email: anyText(100), name: anyText(200), password: anyText(300), role: fc.constantFrom("ADMIN", "EDITOR", "WRITER") }),
        async (input) => {
          expectHandled(await graphql(server.url, `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`, { input }, staff.admin), { email: input.email });
        },
      ),
      { numRuns: 200 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          first: fc.option(anyInt, { nil: undefined }),
          after: fc.option(anyText(60), { nil: undefined }),
          where: fc.record({ titleContains: fc.option(anyText(150), { nil: undefined }), premiereDate: fc.option(fc.record({ from: anyText(12), to: anyText(12) }), { nil: undefined }), personId: fc.option(anyId, { nil: undefined }) }),
        }),
        async (variables) => {
          const result = await graphql(server.url, `query($first: Int, $after: String, $where: ShowWhere) { shows(first: $first, after: $after, where: $where) { totalCount nodes { id } } }`, variables);
          expectHandled(result, variables);
        },
      ),
      { numRuns: 400 },
    );
    expect((await graphql(server.url, `{ __typename }`)).status).toBe(200);
  });
});
