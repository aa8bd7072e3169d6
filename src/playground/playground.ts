import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Express, Request } from "express";

const require = createRequire(import.meta.url);

/** A file inside an installed package (its `exports` do not list the UMD builds, so go through package.json). */
function packageFile(pkg: string, file: string): string {
  return join(dirname(require.resolve(`${pkg}/package.json`)), file);
}

/** The playground's files, served from their npm packages: it works with no internet access. */
const assets: Record<string, { path: string; type: string }> = {
  "react.js": { path: packageFile("react", "umd/react.production.min.js"), type: "text/javascript" },
  "react-dom.js": { path: packageFile("react-dom", "umd/react-dom.production.min.js"), type: "text/javascript" },
  "graphiql.js": { path: packageFile("graphiql", "graphiql.min.js"), type: "text/javascript" },
  "graphiql.css": { path: packageFile("graphiql", "graphiql.min.css"), type: "text/css" },
};

const ASSET_PREFIX = "/playground/assets";

/** The first visit's query, with how to sign in as comments. */
const defaultQuery = `# Public data needs no sign-in. To edit, run
#   mutation { signIn(email: "...", password: "...") { token } }
# and put {"Authorization": "Bearer <token>"} in Headers below.
{
  show(slug: "the-imperfects") {
    title
    status
    creators { name }
  }
}
`;

/**
 * Runs in the browser. GraphiQL keeps sending the headers editor's token, and an expired or revoked
 * one fails every request, the schema fetch included ("Error fetching schema"). So every UNAUTHENTICATED
 * answer (HTTP 200 or 401, per the Accept header) to a request that carried a token opens a sign-in form
 * naming the server's reason; signing in puts
 * the new token in the headers editor and fetches the schema again. (signIn itself works even with
 * the dead token still in the header.)
 */
const recoveryScript = `
const signInMutation = "mutation PlaygroundSignIn($email: String!, $password: String!) { signIn(email: $email, password: $password) { token } }";
const root = ReactDOM.createRoot(document.getElementById("graphiql"));
const dialog = document.getElementById("token-refused");
let headers;
let fetcher;
const subscriptionUrl = new URL(endpoint, location.href).href.replace(/^http/, "ws");

async function watchedFetch(input, init) {
  const response = await fetch(input, init);
  if (new Headers(init && init.headers).has("authorization")) {
    const body = await response.clone().json().catch(() => null);
    const refused = body && body.errors && body.errors.find((error) => error.extensions && error.extensions.code === "UNAUTHENTICATED");
    if (response.status === 401 || refused) offerSignIn((refused && refused.message) || "The token was refused.");
  }
  return response;
}

function render(options) {
  // A new fetcher makes GraphiQL fetch the schema again, with the headers editor's current text.
  // Subscriptions go over WebSocket to the same path (graphql-ws, bundled in GraphiQL); GraphiQL sends the
  // headers editor's JSON as connection_init's payload, so {"Authorization": "Bearer …"} signs them in too.
  if (!fetcher || (options && options.refetchSchema)) fetcher = GraphiQL.createFetcher({ url: endpoint, subscriptionUrl, fetch: watchedFetch });
  root.render(React.createElement(GraphiQL, {
    fetcher,
    headers,
    defaultEditorToolsVisibility: "headers",
    shouldPersistHeaders: true,
    // No placeholder Authorization header: the server rejects a malformed one with 401, which
    // would fail every query, the schema introspection (docs, autocompletion) included.
    defaultHeaders: "{}",
    defaultQuery,
    query: linked.query,
    variables: linked.variables,
  }));
}

function offerSignIn(reason) {
  document.getElementById("token-refused-reason").textContent = reason;
  document.getElementById("token-refused-error").textContent = "";
  if (!dialog.open) dialog.showModal();
}

function useHeaders(text) {
  headers = text;
  render();
  // GraphiQL reads the headers editor when it fetches the schema, and the editor takes the new text
  // only after this render: wait until it shows it (up to 5 s), then fetch the schema again.
  const started = Date.now();
  const refetchWhenShown = () => {
    const editors = [...document.querySelectorAll(".graphiql-editor-tool .graphiql-editor .CodeMirror")];
    const shown = editors.some((element) => element.CodeMirror && element.CodeMirror.getValue() === text);
    if (shown || Date.now() - started > 5000) render({ refetchSchema: true });
    else setTimeout(refetchWhenShown, 25);
  };
  setTimeout(refetchWhenShown, 0);
}

document.getElementById("token-refused-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  if (event.submitter && event.submitter.value === "anonymous") {
    dialog.close();
    useHeaders("{}");
    return;
  }
  const form = new FormData(event.target);
  const answer = await fetch(endpoint, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: signInMutation, variables: { email: form.get("email"), password: form.get("password") } }),
  }).then((response) => response.json()).catch(() => null);
  const token = answer && answer.data && answer.data.signIn && answer.data.signIn.token;
  if (!token) {
    document.getElementById("token-refused-error").textContent =
      (answer && answer.errors && answer.errors[0] && answer.errors[0].message) || "Sign-in failed.";
    return;
  }
  dialog.close();
  event.target.reset();
  useHeaders(JSON.stringify({ Authorization: "Bearer " + token }, null, 2));
});

render();
`;

/** JSON for an inline script: `<` escaped so a query text cannot close the script element. */
function scriptJson(value: unknown): string {
  return (JSON.stringify(value) ?? "undefined").replace(/</g, "\\u003c");
}

/** What a `/graphql?query=…&variables=…` link asks the playground to open. */
interface LinkedOperation {
  query?: string;
  variables?: string;
}

function page(endpoint: string, linked: LinkedOperation): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Greenlight GraphQL playground</title>
  <link rel="stylesheet" href="${ASSET_PREFIX}/graphiql.css">
  <style>
    html, body, #graphiql { height: 100%; margin: 0; }
    #token-refused { font-family: system-ui, sans-serif; max-width: 26rem; border: 1px solid #ccc; border-radius: 8px; }
    #token-refused label { display: block; margin: 0.5rem 0; }
    #token-refused input { width: 100%; box-sizing: border-box; }
    #token-refused-error { color: #b00020; }
  </style>
</head>
<body>
  <div id="graphiql">Loading the playground…</div>
  <dialog id="token-refused" aria-labelledby="token-refused-title">
    <form id="token-refused-form">
      <h2 id="token-refused-title">Your token no longer works</h2>
      <p id="token-refused-reason"></p>
      <p>Sign in again to get a new one; it replaces the Authorization header.</p>
      <label>Email <input name="email" type="email" autocomplete="username" required></label>
      <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
      <p id="token-refused-error" role="alert"></p>
      <button type="submit" value="sign-in">Sign in again</button>
      <button type="submit" value="anonymous" formnovalidate>Continue without a token</button>
    </form>
  </dialog>
  <script src="${ASSET_PREFIX}/react.js"></script>
  <script src="${ASSET_PREFIX}/react-dom.js"></script>
  <script src="${ASSET_PREFIX}/graphiql.js"></script>
  <script>
    const endpoint = ${scriptJson(endpoint)};
    const defaultQuery = ${scriptJson(defaultQuery)};
    const linked = { query: ${scriptJson(linked.query)}, variables: ${scriptJson(linked.variables)} };
    ${recoveryScript}
  </script>
</body>
</html>`;
}

/**
 * A browser asking for HTML (not a GraphQL client asking for JSON): a navigation, with or without
 * a query in the link. GraphQL clients' GETs ask for JSON and reach the GraphQL endpoint.
 */
function wantsHtml(request: Request): boolean {
  return request.method === "GET" && request.accepts(["application/json", "application/graphql-response+json", "text/html"]) === "text/html";
}

function linkedOperation(request: Request): LinkedOperation {
  const text = (value: unknown) => (typeof value === "string" ? value : undefined);
  return { query: text(request.query.query), variables: text(request.query.variables) };
}

/**
 * GraphiQL at the GraphQL endpoint for browsers: headers editor (for `Authorization: Bearer`),
 * documentation explorer and autocompletion. Mount before the GraphQL middleware.
 */
export function mountPlayground(app: Express, endpoint: string): void {
  app.get(`${ASSET_PREFIX}/:file`, (request, response, next) => {
    const asset = assets[request.params.file as string];
    if (!asset) return next();
    response.type(asset.type).set("cache-control", "public, max-age=86400").sendFile(asset.path);
  });
  app.get(endpoint, (request, response, next) => {
    if (!wantsHtml(request)) return next();
    response.type("html").set("cache-control", "no-store").set("vary", "Accept").send(page(endpoint, linkedOperation(request)));
  });
}
