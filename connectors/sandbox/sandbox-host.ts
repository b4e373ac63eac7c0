import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { ProviderKey } from "../kit/catalog.js";
import type { ProviderConfigs } from "../kit/provider-config.js";
import { defaultDeliveryModel, type DeliveryModel } from "./delivery-model.js";
import {
  FAULT_KINDS,
  type Fault,
  type ProviderSandbox,
  type SandboxEnvironment,
  type SandboxReply,
  type SandboxRequest,
} from "./sandbox.js";
import { WebhookSender } from "./webhook-sender.js";

export type SandboxFactory<T extends ProviderSandbox = ProviderSandbox> = (
  env: SandboxEnvironment,
) => T;

export interface SandboxHostOptions<T extends Record<string, SandboxFactory>> {
  factories: T;
  /** The app's provider registrations (client ids, secrets) the sandboxes accept. */
  providers: ProviderConfigs;
  deliveries?: DeliveryModel;
  statusDelayMs?: number;
  /** The URL clients reach this host at; defaults to the address it listens on. */
  publicUrl?: string;
  /** Crosscast's public URL, for app-level webhooks (`<url>/webhooks/<provider>`). */
  appWebhookBaseUrl?: () => string | undefined;
}

export interface SandboxHost<T extends Record<string, SandboxFactory>> {
  /** Each provider's sandbox, for tests to drive (create accounts, send inbound messages). */
  sandboxes: { [K in keyof T]: ReturnType<T[K]> };
  webhooks: WebhookSender;
  url(): string;
  listen(port: number, host?: string): Promise<number>;
  /** The next matching request to `provider` fails with `fault` (`times` times). */
  inject(provider: keyof T & ProviderKey, fault: Fault, times?: number): void;
  /** Forgets the faults still waiting for `provider` (or every provider). */
  clearFaults(provider?: keyof T & ProviderKey): void;
  /** Every answer of `provider` comes this much later (the work itself is done at once). */
  setLatency(provider: keyof T & ProviderKey, ms: number): void;
  /** Requests each sandbox received, for assertions about what went over the wire. */
  requests: Array<{ provider: string; method: string; path: string }>;
  close(): Promise<void>;
}

function matches(fault: Fault, request: SandboxRequest): boolean {
  const { method, path } = fault.match ?? {};
  if (method && method.toUpperCase() !== request.method) {
    return false;
  }
  if (path instanceof RegExp) {
    return path.test(request.path);
  }
  return path ? request.path.includes(path) : true;
}

function write(res: ServerResponse, reply: SandboxReply) {
  const headers = { ...reply.headers };
  let body: string | Buffer | undefined;
  if (reply.body === undefined || reply.body === null) {
    body = undefined;
  } else if (typeof reply.body === "string" || Buffer.isBuffer(reply.body)) {
    body = reply.body;
  } else {
    body = JSON.stringify(reply.body);
    if (!Object.keys(headers).some(name => name.toLowerCase() === "content-type")) {
      headers["content-type"] = "application/json; charset=utf-8";
    }
  }
  res.writeHead(reply.status, headers);
  res.end(body);
}

async function readRequest(req: IncomingMessage, path: string): Promise<SandboxRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    chunks.push(chunk);
  }
  const url = new URL(req.url ?? "/", "http://sandbox");
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return {
    method: (req.method ?? "GET").toUpperCase(),
    path,
    query: url.searchParams,
    headers,
    rawBody: Buffer.concat(chunks),
  };
}

/**
 * One HTTP server for every provider sandbox: `/<provider>/<the provider's own path>`, plus a
 * small control API under `/__sandbox/` (inject faults, read the webhook log).
 */
export function createSandboxHost<T extends Record<string, SandboxFactory>>(
  options: SandboxHostOptions<T>,
): SandboxHost<T> {
  const webhooks = new WebhookSender();
  const faults = new Map<string, Array<{ fault: Fault; remaining: number }>>();
  const held = new Set<Socket>();
  const latency = new Map<string, number>();
  const requests: SandboxHost<T>["requests"] = [];
  let listeningUrl = options.publicUrl ?? "";

  const sandboxes = {} as { [K in keyof T]: ReturnType<T[K]> };
  for (const [key, factory] of Object.entries(options.factories)) {
    const app = options.providers[key as ProviderKey];
    (sandboxes as Record<string, ProviderSandbox>)[key] = factory({
      app,
      baseUrl: () => `${listeningUrl}/${key}`,
      webhooks,
      appWebhookUrl: () => {
        const base = options.appWebhookBaseUrl?.();
        return base ? `${base.replace(/\/$/, "")}/webhooks/${key}` : undefined;
      },
      deliveries: options.deliveries ?? defaultDeliveryModel,
      statusDelayMs: options.statusDelayMs ?? 20,
      now: () => new Date(),
    });
  }

  function takeFault(provider: string, request: SandboxRequest): Fault | undefined {
    const queue = faults.get(provider) ?? [];
    const index = queue.findIndex(entry => matches(entry.fault, request));
    if (index < 0) {
      return undefined;
    }
    const entry = queue[index]!;
    entry.remaining -= 1;
    if (entry.remaining <= 0) {
      queue.splice(index, 1);
    }
    return entry.fault;
  }

  async function control(req: IncomingMessage, res: ServerResponse, path: string) {
    if (req.method === "POST" && path === "/__sandbox/faults") {
      const request = await readRequest(req, path);
      const body = JSON.parse(request.rawBody.toString("utf8") || "{}") as Fault & {
        provider?: string;
        times?: number;
      };
      if (!body.provider || !(body.provider in sandboxes) || !FAULT_KINDS.includes(body.kind)) {
        write(res, {
          status: 400,
          body: { error: "provider and a known fault kind are required" },
        });
        return;
      }
      host.inject(body.provider as keyof T & ProviderKey, body, body.times ?? 1);
      write(res, { status: 204 });
      return;
    }
    if (req.method === "POST" && path === "/__sandbox/latency") {
      const request = await readRequest(req, path);
      const body = JSON.parse(request.rawBody.toString("utf8") || "{}") as {
        provider?: string;
        ms?: number;
      };
      if (!body.provider || !(body.provider in sandboxes) || typeof body.ms !== "number") {
        write(res, { status: 400, body: { error: "provider and ms are required" } });
        return;
      }
      host.setLatency(body.provider as keyof T & ProviderKey, body.ms);
      write(res, { status: 204 });
      return;
    }
    if (req.method === "GET" && path === "/__sandbox/webhooks") {
      write(res, { status: 200, body: { delivered: webhooks.delivered } });
      return;
    }
    write(res, { status: 404, body: { error: "unknown sandbox control" } });
  }

  const server = createServer((req, res) => {
    const pathname = new URL(req.url ?? "/", "http://sandbox").pathname;
    if (pathname === "/healthz") {
      write(res, { status: 200, body: { status: "ok" } });
      return;
    }
    if (pathname.startsWith("/__sandbox/")) {
      control(req, res, pathname).catch(() => write(res, { status: 500, body: {} }));
      return;
    }
    const [, provider = "", ...rest] = pathname.split("/");
    const sandbox = (sandboxes as Record<string, ProviderSandbox>)[provider];
    if (!sandbox) {
      write(res, { status: 404, body: { error: `no sandbox for "${provider}"` } });
      return;
    }
    void (async () => {
      const request = await readRequest(req, `/${rest.join("/")}`);
      requests.push({ provider, method: request.method, path: request.path });
      const fault = takeFault(provider, request);
      if (fault && fault.kind !== "TIMEOUT_AFTER_SENDING") {
        write(res, sandbox.fault(fault.kind, request, fault));
        return;
      }
      const reply = await sandbox.handle(request);
      const delay = latency.get(provider) ?? 0;
      if (delay > 0) {
        await new Promise(resolve => setTimeout(resolve, delay));
      }
      if (fault?.kind === "TIMEOUT_AFTER_SENDING") {
        // Processed, but the answer never comes: hold the socket until the client gives up.
        held.add(req.socket);
        req.socket.once("close", () => held.delete(req.socket));
        return;
      }
      write(res, reply);
    })().catch((error: unknown) => {
      if (!res.headersSent) {
        write(res, { status: 500, body: { error: "sandbox failure", detail: String(error) } });
      }
    });
  });
  server.keepAliveTimeout = 5_000;

  const host: SandboxHost<T> = {
    sandboxes,
    webhooks,
    requests,
    url: () => listeningUrl,
    listen(port, hostname = "127.0.0.1") {
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, hostname, () => {
          server.off("error", reject);
          const actual = (server.address() as AddressInfo).port;
          listeningUrl ||= `http://${hostname}:${actual}`;
          resolve(actual);
        });
      });
    },
    clearFaults(provider) {
      if (provider) {
        faults.delete(provider);
      } else {
        faults.clear();
      }
    },
    setLatency(provider, ms) {
      latency.set(provider, Math.max(0, ms));
    },
    inject(provider, fault, times = 1) {
      const queue = faults.get(provider) ?? [];
      queue.push({ fault, remaining: times });
      faults.set(provider, queue);
    },
    async close() {
      webhooks.close();
      for (const socket of held) {
        socket.destroy();
      }
      await new Promise<void>(resolve => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await webhooks.settled();
    },
  };
  return host;
}
