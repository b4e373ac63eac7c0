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
import type { TokenGrantOptions } from "../../../../connectors/kit/oauth2.js";
import {
  resolveProviderConfigs,
  type ProviderConfig,
  type ProviderConfigs,
} from "../../../../connectors/kit/provider-config.js";
import { ConnectorRuntime } from "../../../../connectors/runtime/connector-runtime.js";
import type { DeliveryModel } from "../../../../connectors/sandbox/delivery-model.js";
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
import { startWebhookReceiver, type WebhookReceiver } from "../../../support/sandbox.js";
import { createTestOrm, type TestOrm } from "../../../support/test-database.js";

/** Where a test's sandbox host listens, and the secret the app's sandbox credentials derive from. */
export interface SandboxLocation {
  sandboxUrl: string;
  sandboxSecret: string;
}

/** A connection's material, as a sandbox hands it out. */
export interface MadeConnection {
  secrets: Secrets;
  settings: Settings;
}

/** What a case may use to connect an account: the provider's configuration and its token grant. */
export interface CaseEnv {
  config: ProviderConfig;
  grant(): TokenGrantOptions;
}

/** A sandbox that can open a fresh account, as a connection holds it (README step 7). */
export type ConnectableSandbox = ProviderSandbox & {
  createConnection(): MadeConnection;
};

/**
 * What a conformance suite needs of one provider, whatever its category: its connector, its
 * sandbox, its configuration against a sandbox host, and how an account is opened. A catalog
 * provider needs no `config` (the catalog resolves it in sandbox mode); an example's is built from
 * its spec (`exampleProvider`).
 */
export interface ProviderUnderTest<C extends Connector, S extends ProviderSandbox> {
  provider: ProviderKey;
  connector: C;
  factory: SandboxFactory<S>;
  /** The provider's configuration against a sandbox host; absent for a catalog provider. */
  config?(at: SandboxLocation): ProviderConfig;
  /** A new account, as a connection holds it; absent: the sandbox's `createConnection()`. */
  connect?(sandbox: S, env: CaseEnv): Promise<MadeConnection>;
  /** The account its sandbox holds from its start (`<p>.demo.ts`), where it has one. */
  demo?: DemoAccount;
}

/** How the world's sandbox host decides what becomes of a message (the host's default if absent). */
export interface WorldOptions {
  deliveries?: DeliveryModel;
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
export function useConformanceWorld<C extends Connector, S extends ProviderSandbox>(
  put: ProviderUnderTest<C, S>,
  database: () => ConformanceDatabase,
  options: WorldOptions = {},
) {
  const started = useStarted(
    `the ${put.provider} conformance world`,
    async () => {
      const sandboxSecret = randomBytes(32).toString("base64url");
      const receiver = await startWebhookReceiver();
      const catalog = (sandboxUrl: string): ProviderConfigs => ({
        ...resolveProviderConfigs({ mode: "sandbox", sandboxUrl, sandboxSecret }),
        ...(put.config ? { [put.provider]: put.config({ sandboxUrl, sandboxSecret }) } : {}),
      });
      const host = createSandboxHost({
        factories: { [put.provider]: put.factory },
        // Only the app's credentials are read from these before the host has its address.
        providers: catalog("http://127.0.0.1"),
        statusDelayMs: 5,
        ...(options.deliveries ? { deliveries: options.deliveries } : {}),
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

  /** Where the app takes the connection's webhooks (and a send's status callbacks). */
  const webhookUrl = (connection: ConnectionHandle) =>
    `${started().receiver.url}/webhooks/${put.provider}/${connection.id}`;

  /** A new account, as the case or the sandbox opens one. */
  async function open(): Promise<MadeConnection> {
    if (put.connect) {
      const grant = () => started().runtime.tokenGrant(put.provider);
      return put.connect(sandbox(), { config: config(), grant });
    }
    const made = sandbox().createConnection?.();
    if (!made) {
      throw new Error(
        `the ${put.provider} sandbox opens no account, and its case says no other way`,
      );
    }
    return made;
  }

  /** A fresh sandbox account, connected as the runtime connects one (registered for webhooks). */
  async function connect(): Promise<ConnectionHandle> {
    const { workspace, connections } = started();
    const made = await open();
    const secrets = { ...made.secrets };
    const settings = { ...made.settings };
    const handle: ConnectionHandle = { id: uuidv7(), workspaceId: workspace, secrets, settings };
    if (put.connector.register) {
      const url = webhookUrl(handle);
      Object.assign(settings, await put.connector.register(ctx(), handle, { webhookUrl: url }));
    }
    connections.set(handle.id, handle);
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
    webhookUrl,
    runtime: () => started().runtime,
    /** The app's webhook receiver, for waiting on what arrives. */
    receiver: (): WebhookReceiver => started().receiver,
    /** Resolves once every webhook the sandbox has scheduled so far was delivered or given up. */
    settled: () => started().host.webhooks.settled(),
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

/** One provider's world, as `useConformanceWorld` gives it. */
export type ConformanceWorld<S extends ProviderSandbox = ProviderSandbox> = ReturnType<
  typeof useConformanceWorld<Connector, S>
>;
