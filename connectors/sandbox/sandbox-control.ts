import type { IncomingMessage, ServerResponse } from "node:http";
import { FAULT_KINDS, type Fault } from "./sandbox.js";
import { readRequest, write } from "./sandbox-wire.js";
import type { DeliveredWebhook } from "./webhook-sender.js";

export interface SandboxControlDeps {
  known(provider: string): boolean;
  inject(provider: string, fault: Fault, times: number): void;
  setLatency(provider: string, ms: number): void;
  delivered(): DeliveredWebhook[];
}

async function bodyOf<T>(req: IncomingMessage, path: string): Promise<T> {
  const request = await readRequest(req, path);
  return JSON.parse(request.rawBody.toString("utf8") || "{}") as T;
}

/**
 * The sandbox host's control API, for developers and benchmarks driving sandboxes in another
 * process: `POST /__sandbox/faults`, `POST /__sandbox/latency`, `GET /__sandbox/webhooks`.
 */
export function createSandboxControl(deps: SandboxControlDeps) {
  return async function control(req: IncomingMessage, res: ServerResponse, path: string) {
    if (req.method === "POST" && path === "/__sandbox/faults") {
      const body = await bodyOf<Fault & { provider?: string; times?: number }>(req, path);
      if (!body.provider || !deps.known(body.provider) || !FAULT_KINDS.includes(body.kind)) {
        write(res, {
          status: 400,
          body: { error: "provider and a known fault kind are required" },
        });
        return;
      }
      deps.inject(body.provider, body, body.times ?? 1);
      write(res, { status: 204 });
      return;
    }
    if (req.method === "POST" && path === "/__sandbox/latency") {
      const body = await bodyOf<{ provider?: string; ms?: number }>(req, path);
      if (!body.provider || !deps.known(body.provider) || typeof body.ms !== "number") {
        write(res, { status: 400, body: { error: "provider and ms are required" } });
        return;
      }
      deps.setLatency(body.provider, body.ms);
      write(res, { status: 204 });
      return;
    }
    if (req.method === "GET" && path === "/__sandbox/webhooks") {
      write(res, { status: 200, body: { delivered: deps.delivered() } });
      return;
    }
    write(res, { status: 404, body: { error: "unknown sandbox control" } });
  };
}
