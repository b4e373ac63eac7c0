import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { RouteHandler } from "../platform/http/service-server.js";

const require = createRequire(import.meta.url);
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));

/** Runs in the browser: reads the page's JSON config and mounts GraphiQL (no inline script). */
const BOOT = `"use strict";
const config = JSON.parse(document.getElementById("graphiql-config").textContent);
const url = new URL(config.endpoint, location.href).toString();
// Subscriptions (executionEvents) over graphql-ws on the same path; the header editor's
// Authorization goes in connection_init, where the gateway reads it.
const fetcher = GraphiQL.createFetcher({ url, subscriptionUrl: url.replace(/^http/, "ws") });
ReactDOM.createRoot(document.getElementById("graphiql")).render(
  React.createElement(GraphiQL, {
    fetcher,
    defaultHeaders: JSON.stringify(config.defaultHeaders, null, 2),
    defaultQuery: config.defaultQuery,
    shouldPersistHeaders: false,
  }),
);
`;

interface Asset {
  type: string;
  body: () => Buffer;
}

function file(pkg: string, path: string, type: string): Asset {
  let cached: Buffer | undefined;
  return { type, body: () => (cached ??= readFileSync(join(packageDir(pkg), path))) };
}

/** The only files served: read from installed packages, never from a CDN. */
const ASSETS: Record<string, Asset> = {
  "react.production.min.js": file("react", "umd/react.production.min.js", "text/javascript"),
  "react-dom.production.min.js": file(
    "react-dom",
    "umd/react-dom.production.min.js",
    "text/javascript",
  ),
  "graphiql.min.js": file("graphiql", "graphiql.min.js", "text/javascript"),
  "graphiql.min.css": file("graphiql", "graphiql.min.css", "text/css"),
  "boot.js": { type: "text/javascript", body: () => Buffer.from(BOOT) },
};

const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
].join("; ");

/** JSON safe to embed in a <script> element: nothing in it can close the element. */
function embeddedJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026");
}

const DEFAULT_QUERY = `# Campaigns across all five subgraphs: budgets from orchestration, counts from
# messaging, social, ads and commerce. Press the run button.
query Overview {
  workspace { name }
  campaigns(first: 20) {
    name
    status
    budget { amountMicros currency }
    messageCount
    postCount
    adCampaignCount
    adSpend { amountMicros currency }
    orderCount
    attributedRevenue { amountMicros currency }
  }
}
`;

interface PageConfig {
  endpoint: string;
  defaultHeaders: Record<string, string>;
  defaultQuery: string;
}

function page(config: PageConfig): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Crosscast GraphiQL</title>
    <link rel="stylesheet" href="/graphiql/assets/graphiql.min.css" />
    <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
  </head>
  <body>
    <div id="graphiql">Loading GraphiQL…</div>
    <script type="application/json" id="graphiql-config">${embeddedJson(config)}</script>
    <script src="/graphiql/assets/react.production.min.js"></script>
    <script src="/graphiql/assets/react-dom.production.min.js"></script>
    <script src="/graphiql/assets/graphiql.min.js"></script>
    <script src="/graphiql/assets/boot.js"></script>
  </body>
</html>
`;
}

/** GraphiQL that works offline: the page at /graphiql, its assets under /graphiql/assets/. */
export function createGraphiqlRoutes(options: {
  endpoint: string;
  defaultHeaders?: Record<string, string>;
}): { routes: Record<string, RouteHandler>; prefixRoutes: Array<[string, RouteHandler]> } {
  const html = page({
    endpoint: options.endpoint,
    defaultHeaders: options.defaultHeaders ?? {},
    defaultQuery: DEFAULT_QUERY,
  });
  const servePage: RouteHandler = (_req, res) => {
    res.writeHead(200, {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": CSP,
      "cache-control": "no-store",
    });
    res.end(html);
  };
  const serveAsset: RouteHandler = (req, res) => {
    const name = (req.url ?? "").split("?", 1)[0]!.slice("/graphiql/assets/".length);
    const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
    if (!asset) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    res.writeHead(200, {
      "content-type": `${asset.type}; charset=utf-8`,
      "cache-control": "public, max-age=86400",
    });
    res.end(asset.body());
  };
  return { routes: { "/graphiql": servePage }, prefixRoutes: [["/graphiql/assets/", serveAsset]] };
}
