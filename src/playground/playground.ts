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
  <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
  <div id="graphiql">Loading the playground…</div>
  <script src="${ASSET_PREFIX}/react.js"></script>
  <script src="${ASSET_PREFIX}/react-dom.js"></script>
  <script src="${ASSET_PREFIX}/graphiql.js"></script>
  <script>
    const fetcher = GraphiQL.createFetcher({ url: ${scriptJson(endpoint)} });
    ReactDOM.createRoot(document.getElementById("graphiql")).render(
      React.createElement(GraphiQL, {
        fetcher,
        defaultEditorToolsVisibility: "headers",
        shouldPersistHeaders: true,
        // No placeholder Authorization header: the server refuses a malformed one (UNAUTHENTICATED), which
        // would fail every query, the schema introspection (docs, autocompletion) included.
        defaultHeaders: "{}",
        defaultQuery: ${scriptJson(defaultQuery)},
        query: ${scriptJson(linked.query)},
        variables: ${scriptJson(linked.variables)},
      }),
    );
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
