import { randomBytes } from "node:crypto";
import { beforeEach } from "@jest/globals";
import type { ProviderKey } from "../../../../connectors/kit/catalog.js";
import {
  createConnectorContext,
  type ConnectorContextOptions,
} from "../../../../connectors/kit/connector-context.js";
import type {
  ConnectionHandle,
  Connector,
  ConnectorContext,
  DemoAccount,
  Secrets,
  Settings,
  WebhookEvent,
  WebhookKeys,
  WebhookRequest,
} from "../../../../connectors/kit/contracts/index.js";
import {
  resolveProviderConfigs,
  type ProviderConfig,
  type ProviderConfigs,
} from "../../../../connectors/kit/provider-config.js";
import { ConnectorRuntime } from "../../../../connectors/runtime/connector-runtime.js";
import type { Fault, ProviderSandbox } from "../../../../connectors/sandbox/sandbox.js";
import {
  createSandboxHost,
  type SandboxFactory,
} from "../../../../connectors/sandbox/sandbox-host.js";
import { Connection } from "../../../../orm/entities/index.js";
import { uuidv7 } from "../../../../orm/uuid.js";
import { createLogger } from "../../../../platform/logger.js";
import { openSecrets, sealSecrets } from "../../../../platform/vault/sealed-secrets.js";
import { parseVaultKeys, Vault } from "../../../../platform/vault/vault.js";
import { makeWorkspace } from "../../../support/factories.js";
import { useStarted } from "../../../support/lifecycle.js";
import { RETRY } from "./conformance-checks.js";
import { startWebhookReceiver } from "../../../support/sandbox.js";
import { createTestOrm, type TestOrm } from "../../../support/test-database.js";
import type { SandboxLocation } from "./example-provider.js";

/** A sandbox that can open a fresh account, as a connection holds it (README step 7). */
export type ConnectableSandbox = ProviderSandbox & {
  createConnection(): { secrets: Secrets; settings: Settings };
};

/**
 * What a conformance suite needs of one provider, whatever its category: its connector, its
 * sandbox, its configuration against a sandbox host, and its demo account. A catalog provider's
 * `config` is `resolveProviderConfig(key, { mode: "sandbox", ...at })`; an example's is built
 * from its spec (`exampleProvider`).
 */
export interface ProviderUnderTest<C extends Connector, S extends ConnectableSandbox> {
  provider: ProviderKey;
  connector: C;
  factory: SandboxFactory<S>;
  config(at: SandboxLocation): ProviderConfig;
  /** The account its sandbox holds from its start (`<p>.demo.ts`). */
  demo: DemoAccount;
}

/** A webhook the app received, checked by the connector's handler. */
export interface ReceivedWebhook {
  request: WebhookRequest;
  keys: WebhookKeys;
  verified: boolean;
  events: WebhookEvent[];
}

/** Generous: the machine running these is shared and busy (a lost answer sets its own). */
const CALL_TIMEOUT_MS = 10_000;

/** A migrated test database with a workspace, and the vault connections are sealed with. */
export interface ConformanceDatabase {
  db: TestOrm;
  workspace: string;
  vault: Vault;
}

/** The test file's database, shared by its cases: call it at the top of the file. */
export function useConformanceDatabase(): () => ConformanceDatabase {
  return useStarted(
    "the conformance database",
    async () => {
      const db = await createTestOrm();
      const vault = new Vault(parseVaultKeys(`t:${randomBytes(32).toString("base64")}`));
      return { db, workspace: (await makeWorkspace(db.orm)).id, vault };
    },
    ({ db }) => db.close(),
  );
}

/**
 * One provider's world for the describe that calls it: its sandbox on a loopback host, the app's
 * webhook receiver, and a real `ConnectorRuntime` over the file's database serving this one
 * connector (refresh with the row lock, replay, marking a connection inactive).
 */
export function useConformanceWorld<C extends Connector, S extends ConnectableSandbox>(
  put: ProviderUnderTest<C, S>,
  database: () => ConformanceDatabase,
) {
  const started = useStarted(
    `the ${put.provider} conformance world`,
    async () => {
      const sandboxSecret = randomBytes(32).toString("base64url");
      const receiver = await startWebhookReceiver();
      const catalog = (sandboxUrl: string): ProviderConfigs => ({
        ...resolveProviderConfigs({ mode: "sandbox", sandboxUrl, sandboxSecret }),
        [put.provider]: put.config({ sandboxUrl, sandboxSecret }),
      });
      const host = createSandboxHost({
        factories: { [put.provider]: put.factory },
        // Only the app's credentials are read from these before the host has its address.
        providers: catalog("http://127.0.0.1"),
        statusDelayMs: 5,
        appWebhookBaseUrl: () => receiver.url,
      });
      await host.listen(0);
      const providers = catalog(host.url());
      const { db, workspace, vault } = database();
      const runtime = new ConnectorRuntime({
        orm: db.orm,
        vault,
        logger: createLogger({ service: "conformance", level: "silent" }),
        providers,
        connectors: { [put.provider]: put.connector },
        publicUrl: () => receiver.url,
        sandboxSecret,
        timeoutMs: CALL_TIMEOUT_MS,
        retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
      });
      return {
        host,
        receiver,
        db,
        workspace,
        vault,
        runtime,
        config: providers[put.provider],
        waits: [] as number[],
        connections: new Map<string, ConnectionHandle>(),
      };
    },
    async ({ host, receiver }) => {
      await host.close();
      await receiver.close();
    },
  );
  beforeEach(() => {
    started().waits.length = 0;
    started().host.clearFaults(put.provider);
  });

  const config = () => started().config;
  /** The connector's HTTP context against the sandbox: waits recorded, not slept. */
  const ctx = (options: ConnectorContextOptions = {}): ConnectorContext =>
    createConnectorContext(put.connector, config(), {
      timeoutMs: CALL_TIMEOUT_MS,
      retry: RETRY,
      sleep: async ms => void started().waits.push(ms),
      ...options,
    });
  const keys = (connection?: ConnectionHandle): WebhookKeys => ({
    config: config(),
    ...(connection ? { connection } : {}),
  });

  /** A fresh sandbox account, connected as the runtime connects one (registered for webhooks). */
  async function connect(): Promise<ConnectionHandle> {
    const { workspace, receiver, connections } = started();
    const { secrets, settings } = sandbox().createConnection();
    const id = uuidv7();
    const handle: ConnectionHandle = { id, workspaceId: workspace, secrets, settings };
    if (put.connector.webhooks?.scope === "connection" && put.connector.register) {
      const webhookUrl = `${receiver.url}/webhooks/${put.provider}/${id}`;
      Object.assign(settings, await put.connector.register(ctx(), handle, { webhookUrl }));
    }
    connections.set(id, handle);
    return handle;
  }

  /** The connection as an ACTIVE row (secrets sealed by the vault), loaded as the runtime reads it. */
  async function store(
    connection: ConnectionHandle,
    tokenExpiresAt: Date | null = null,
  ): Promise<Connection> {
    const { db, vault } = started();
    const owner = { id: connection.id, workspace: connection.workspaceId };
    const em = db.orm.em.fork();
    em.create(Connection, {
      ...owner,
      provider: put.provider,
      category: put.connector.category,
      displayName: `${put.provider} conformance`,
      status: "ACTIVE",
      settings: connection.settings,
      scopes: [],
      tokenExpiresAt,
      secrets: sealSecrets(vault, owner, connection.secrets),
    } as never);
    await em.flush();
    return row(connection.id);
  }

  /** The connection row as the runtime reads it (secrets loaded). */
  const row = (id: string) =>
    started()
      .db.orm.em.fork()
      .findOneOrFail(Connection, { id }, { populate: ["secrets"] as never });

  const sandbox = (): S => started().host.sandboxes[put.provider]!;

  return {
    config,
    ctx,
    keys,
    connect,
    store,
    row,
    sandbox,
    runtime: () => started().runtime,
    /** Waits the HTTP core slept through `ctx` since the test began (Retry-After, backoff). */
    waits: () => started().waits,
    inject: (fault: Fault, times?: number) => started().host.inject(put.provider, fault, times),
    /** Requests the sandbox received, for "made once" assertions. */
    requests: () => started().host.requests.filter(request => request.provider === put.provider),
    /** The connection's secrets as the vault holds them now. */
    storedSecrets: async (id: string) => openSecrets(started().vault, await row(id)),
    /**
     * Every webhook the sandbox has sent so far (once each is delivered or given up), checked by
     * the connector's handler with the keys its scope calls for.
     */
    async webhooks(): Promise<ReceivedWebhook[]> {
      const { host, receiver, connections } = started();
      await host.webhooks.settled();
      const handler = put.connector.webhooks;
      return receiver.received.map(request => {
        const connection =
          handler?.scope === "connection" ? connections.get(request.segments[0] ?? "") : undefined;
        const checkedWith = keys(connection);
        const verified = !!handler && handler.verify(request, checkedWith);
        return {
          request,
          keys: checkedWith,
          verified,
          events: verified ? handler.parse(request) : [],
        };
      });
    },
  };
}
