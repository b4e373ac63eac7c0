import type { IncomingMessage, ServerResponse } from "node:http";
import { ConnectorError } from "../../../connectors/kit/connector-error.js";
import type { Orm } from "../../../orm/config.js";
import type { Logger } from "../../../platform/logger.js";
import type { ConnectorRuntime } from "../../../connectors/runtime/connector-runtime.js";
import { OAuthFlowService } from "./oauth-flow.service.js";

function page(res: ServerResponse, status: number, title: string, detail: string) {
  const escape = (text: string) => text.replace(/[&<>"']/g, char => `&#${char.charCodeAt(0)};`);
  res.writeHead(status, {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    "content-security-policy": "default-src 'none'",
  });
  res.end(
    `<!doctype html><html><head><meta charset="utf-8"><title>${escape(title)}</title></head>` +
      `<body><h1>${escape(title)}</h1><p>${escape(detail)}</p></body></html>`,
  );
}

/**
 * `GET /oauth/callback?state&code`: where providers send the user back. The state alone binds
 * the workspace (the browser carries no Crosscast token), and it works once.
 */
export function createOAuthCallbackRoute(deps: {
  orm: Orm;
  runtime: ConnectorRuntime;
  logger: Logger;
}) {
  return async function oauthCallback(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://callback");
    const state = url.searchParams.get("state");
    const code = url.searchParams.get("code");
    const denied = url.searchParams.get("error");
    if (req.method !== "GET" || !state || (!code && !denied)) {
      page(res, 400, "Connection failed", "The provider's answer is missing its state or code.");
      return;
    }
    if (denied || !code) {
      page(res, 400, "Connection cancelled", `The provider said: ${denied}.`);
      return;
    }
    try {
      const connection = await new OAuthFlowService(deps.orm.em.fork(), deps.runtime).complete({
        state,
        code,
      });
      page(
        res,
        200,
        "Connected",
        `${connection.displayName} is connected. You can close this window.`,
      );
    } catch (error) {
      const known =
        error instanceof ConnectorError || (error as { extensions?: unknown }).extensions;
      if (!known) {
        deps.logger.error({ err: error }, "oauth callback failed");
      }
      page(
        res,
        400,
        "Connection failed",
        known ? (error as Error).message : "Something went wrong.",
      );
    }
  };
}
