import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { Connector, ConnectorContext } from "../../connectors/kit/contracts/index.js";
import {
  createConnectorContext,
  type ConnectorContextOptions,
} from "../../connectors/kit/connector-context.js";
import {
  resolveProviderConfigs,
  type ProviderConfigs,
} from "../../connectors/kit/provider-config.js";
import type { DeliveryModel } from "../../connectors/sandbox/delivery-model.js";
import {
  createSandboxHost,
  type SandboxFactory,
  type SandboxHost,
} from "../../connectors/sandbox/sandbox-host.js";
import type { WebhookRequest } from "../../connectors/kit/contracts/index.js";

export interface RunningSandbox<T extends Record<string, SandboxFactory>> {
  host: SandboxHost<T>;
  /** Provider configuration pointing at this sandbox (sandbox mode). */
  configs: ProviderConfigs;
  /** A connector's HTTP context against this sandbox; short timeouts and no real sleeping. */
  context(connector: Connector, options?: ConnectorContextOptions): ConnectorContext;
  /** Waits slept by the HTTP core through `context` (Retry-After and backoff), in ms. */
  waits: number[];
  close(): Promise<void>;
}

/** Starts the given provider sandboxes on a free loopback port. */
export async function startSandbox<T extends Record<string, SandboxFactory>>(
  factories: T,
  options: {
    deliveries?: DeliveryModel;
    statusDelayMs?: number;
    appWebhookBaseUrl?: () => string | undefined;
  } = {},
): Promise<RunningSandbox<T>> {
  // A secret of this sandbox's own, as each deployment has.
  const sandboxSecret = randomBytes(32).toString("base64url");
  const appOnly = resolveProviderConfigs({
    mode: "sandbox",
    sandboxUrl: "http://127.0.0.1",
    sandboxSecret,
  });
  const host = createSandboxHost({
    factories,
    providers: appOnly,
    statusDelayMs: options.statusDelayMs ?? 5,
    ...(options.deliveries ? { deliveries: options.deliveries } : {}),
    ...(options.appWebhookBaseUrl ? { appWebhookBaseUrl: options.appWebhookBaseUrl } : {}),
  });
  await host.listen(0);
  const configs = resolveProviderConfigs({
    mode: "sandbox",
    sandboxUrl: host.url(),
    sandboxSecret,
  });
  const waits: number[] = [];
  return {
    host,
    configs,
    waits,
    context: (connector, contextOptions = {}) =>
      createConnectorContext(connector, configs[connector.provider], {
        timeoutMs: 1_000,
        retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 60_000 },
        sleep: async ms => void waits.push(ms),
        ...contextOptions,
      }),
    close: () => host.close(),
  };
}

export interface WebhookReceiver {
  /** Base URL; any path below it is accepted. */
  url: string;
  received: WebhookRequest[];
  /** Resolves once `count` webhooks have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<WebhookRequest[]>;
  close(): Promise<void>;
}

async function toWebhookRequest(req: IncomingMessage, base: string): Promise<WebhookRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    chunks.push(chunk);
  }
  const url = new URL(req.url ?? "/", base);
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return {
    method: (req.method ?? "POST").toUpperCase(),
    url: url.toString(),
    segments: url.pathname.split("/").filter(Boolean).slice(2),
    query: url.searchParams,
    headers,
    rawBody: Buffer.concat(chunks),
  };
}

/**
 * Stands in for Crosscast's public webhook routes when a test drives a connector alone: records
 * each request as a `WebhookRequest` (`segments` are the path parts after `/webhooks/<provider>`).
 */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: WebhookRequest[] = [];
  const waiters = new Set<() => void>();
  let base = "";
  const server = createServer((req, res) => {
    void toWebhookRequest(req, base).then(request => {
      received.push(request);
      res.writeHead(200).end();
      waiters.forEach(wake => wake());
    });
  });
  await new Promise<void>(resolve => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    received,
    waitFor(count, timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`only ${received.length} of ${count} webhooks arrived`));
        }, timeoutMs);
        const check = () => {
          if (received.length >= count) {
            clearTimeout(timer);
            waiters.delete(check);
            resolve(received.slice(0, count));
          }
        };
        waiters.add(check);
        check();
      });
    },
    close: () =>
      new Promise(resolve => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
