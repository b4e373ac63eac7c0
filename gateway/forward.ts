import { request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import type { Logger } from "../platform/logger.js";

const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "host",
]);

/**
 * Streams a request unchanged (raw body, provider headers) to the service that owns the path:
 * provider webhooks to the subgraph of their category, OAuth callbacks to orchestration. Only the gateway
 * is public, so this is how providers reach them; signatures are verified there, over the raw
 * bytes and PUBLIC_URL, which is why nothing here may alter the body.
 */
export function createForwardRoute(targetBaseUrl: string, logger: Logger) {
  const target = new URL(targetBaseUrl);
  return function forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    return new Promise(resolve => {
      const headers: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined && !HOP_BY_HOP.has(name)) {
          headers[name] = value;
        }
      }
      const upstream = httpRequest(
        {
          protocol: target.protocol,
          hostname: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers,
          timeout: 30_000,
        },
        answer => {
          const out: Record<string, string | string[]> = {};
          for (const [name, value] of Object.entries(answer.headers)) {
            if (value !== undefined && !HOP_BY_HOP.has(name)) {
              out[name] = value;
            }
          }
          res.writeHead(answer.statusCode ?? 502, out);
          answer.pipe(res);
          answer.once("end", () => resolve());
        },
      );
      upstream.once("timeout", () => upstream.destroy(new Error("upstream timeout")));
      upstream.once("error", error => {
        logger.warn({ err: error, path: req.url?.split("?")[0] }, "forwarding failed");
        if (!res.headersSent) {
          res.writeHead(502, { "content-type": "text/plain" }).end("upstream unavailable");
        } else {
          res.destroy();
        }
        resolve();
      });
      req.pipe(upstream);
    });
  };
}

/** A subgraph's base URL from its GraphQL URL (`http://messaging:4003/graphql` → origin). */
export function serviceBaseUrl(graphqlUrl: string): string {
  return new URL(graphqlUrl).origin;
}
