import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "../logger.js";
import { runWithRequestId } from "../request-scope.js";

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export interface ServiceServerOptions {
  logger: Logger;
  /** Exact path → handler; `/healthz` and `/readyz` are added here. */
  routes: Record<string, RouteHandler>;
  /** Prefix routes, tried in order after exact ones (static assets, webhooks). */
  prefixRoutes?: Array<[prefix: string, handler: RouteHandler]>;
  /** Readiness: resolves when dependencies (database, subgraphs) answer. */
  ready: () => Promise<void>;
}

export interface ServiceServer {
  server: Server;
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

/** A dependency that takes longer than this to answer counts as not ready. */
const READY_TIMEOUT_MS = 5_000;

function withinMs<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
}

/** A node:http server with health and readiness probes, shared by the gateway and subgraphs. */
export function createServiceServer(options: ServiceServerOptions): ServiceServer {
  const { logger } = options;
  const routes: Record<string, RouteHandler> = {
    "/healthz": (_req, res) => json(res, 200, { status: "ok" }),
    "/readyz": async (_req, res) => {
      try {
        await withinMs(READY_TIMEOUT_MS, options.ready());
        json(res, 200, { status: "ready" });
      } catch (error) {
        logger.warn({ err: error }, "not ready");
        json(res, 503, { status: "unavailable" });
      }
    },
    ...options.routes,
  };
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?", 1)[0] ?? "/";
    const handler =
      routes[path] ?? options.prefixRoutes?.find(([prefix]) => path.startsWith(prefix))?.[1];
    if (!handler) {
      json(res, 404, { error: "not found" });
      return;
    }
    // The caller's request id (the gateway's, on subgraph calls) names this request in the logs
    // of any failure that escapes it.
    const incoming = req.headers["x-request-id"];
    const requestId = typeof incoming === "string" ? incoming.slice(0, 128) : undefined;
    runWithRequestId(requestId, async () => handler(req, res)).catch((error: unknown) => {
      logger.error({ err: error, path }, "unhandled request error");
      if (!res.headersSent) {
        json(res, 500, {
          errors: [
            { message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } },
          ],
        });
      } else {
        res.end();
      }
    });
  });
  server.keepAliveTimeout = 65_000;
  return {
    server,
    listen(port, host = "127.0.0.1") {
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          resolve((server.address() as AddressInfo).port);
        });
      });
    },
    close() {
      return new Promise(resolve => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
