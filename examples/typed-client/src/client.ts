import type { TypedDocumentString } from "./gql/graphql.js";

export interface ClientOptions {
  /** The GraphQL endpoint; GREENLIGHT_URL or http://localhost:4000/graphql by default. */
  url?: string;
  /** An access token from `signIn`, sent as `Authorization: Bearer <token>`. */
  token?: string;
}

export class GraphQLRequestError extends Error {
  constructor(
    message: string,
    readonly errors: { message: string; extensions?: Record<string, unknown> }[],
  ) {
    super(message);
  }
}

const defaultUrl = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env.GREENLIGHT_URL ?? "http://localhost:4000/graphql";

/**
 * Runs one operation written with `graphql(...)` and returns its data, typed from the schema.
 * Throws on HTTP or GraphQL errors.
 */
export async function execute<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  options: ClientOptions = {},
): Promise<TResult> {
  const response = await fetch(options.url ?? defaultUrl, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/graphql-response+json, application/json",
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    body: JSON.stringify({ query: document.toString(), variables }),
  });
  const body = (await response.json()) as { data?: TResult; errors?: GraphQLRequestError["errors"] };
  if (body.errors?.length) throw new GraphQLRequestError(body.errors.map((error) => error.message).join("; "), body.errors);
  if (!response.ok || body.data === undefined) throw new GraphQLRequestError(`HTTP ${response.status} without data`, []);
  return body.data;
}
