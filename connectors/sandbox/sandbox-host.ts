import { createServer } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { ProviderKey } from "../kit/catalog.js";
import type { ProviderConfigs } from "../kit/provider-config.js";
import { defaultDeliveryModel, type DeliveryModel } from "./delivery-model.js";
import { createSandboxControl } from "./sandbox-control.js";
import { readRequest, write } from "./sandbox-wire.js";
import {
  type Fault,
  type ProviderSandbox,
  type SandboxEnvironment,
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

  const control = createSandboxControl({
    known: provider => provider in sandboxes,
    inject: (provider, fault, times) =>
      host.inject(provider as keyof T & ProviderKey, fault, times),
    setLatency: (provider, ms) => host.setLatency(provider as keyof T & ProviderKey, ms),
    delivered: () => webhooks.delivered,
  });

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
