import { afterEach, describe, expect, it } from "@jest/globals";
import { randomUUID } from "node:crypto";
import { PROVIDERS, type ProviderSpec } from "../../../connectors/kit/catalog.js";
import type { ConnectorErrorKind } from "../../../connectors/kit/connector-error.js";
import type {
  ConnectionHandle,
  ConnectorContext,
  OutboundMessage,
  WebhookEvent,
  WebhookRequest,
} from "../../../connectors/kit/contracts/index.js";
import { missingSecretKind } from "../../../connectors/kit/credentials.js";
import { ConnectorRuntime } from "../../../connectors/runtime/connector-runtime.js";
import {
  defaultDeliveryModel,
  type DeliveryModel,
} from "../../../connectors/sandbox/delivery-model.js";
import { FAULT_KINDS, type RenderedFaultKind } from "../../../connectors/sandbox/sandbox.js";
import { Connection } from "../../../orm/entities/index.js";
import { createLogger } from "../../../platform/logger.js";
import { openSecrets, sealSecrets } from "../../../platform/vault/sealed-secrets.js";
import { parseVaultKeys, Vault } from "../../../platform/vault/vault.js";
import { makeWorkspace } from "../../support/factories.js";
import { useStarted } from "../../support/lifecycle.js";
import { createTestOrm } from "../../support/test-database.js";
import { failure, useSandbox } from "../support/sandbox-fixture.js";
import { MESSAGING_CASES, type CaseEnv } from "./messaging.cases.js";

/**
 * The messaging contract, held against every provider in MESSAGING_CASES: the real connector
 * against its real sandbox over loopback HTTP, webhooks through the connector's own handler, and
 * token refresh through a real ConnectorRuntime over a test database. Nothing of ours is mocked.
 * What differs between providers is data in their case; nothing here names a provider.
 */

/** The faults a sandbox renders in its provider's wire format (the lost answer is tested apart). */
const RENDERED_FAULTS = FAULT_KINDS.filter(
  (kind): kind is RenderedFaultKind => kind !== "TIMEOUT_AFTER_SENDING",
);
const RETRYABLE_FAULTS = ["RATE_LIMITED", "UNAVAILABLE"] as const;
/** Retryable faults are injected for every attempt, so that they are what the caller sees. */
const RETRY = { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 120_000 };
/** Generous: the machine running this is shared and busy. */
const CALL_TIMEOUT_MS = 10_000;
/** How long a caller waits for the answer the sandbox holds back, and then for the lookup. */
const LOST_ANSWER_TIMEOUT_MS = 750;
const WEBHOOK_DEADLINE_MS = 20_000;

/** The default model's failing recipients fail; every other message is delivered and read. */
const deliveries: DeliveryModel = {
  decide(input) {
    const outcome = defaultDeliveryModel.decide(input);
    return outcome.delivered ? { delivered: true, read: true } : outcome;
  },
};

/** The runtime's rule for a connection a call could not authenticate (`markInactive`). */
const inactiveStatus = (kind: ConnectorErrorKind) =>
  kind === "AUTH_REVOKED" ? "REVOKED" : "REFRESH_FAILED";

type StatusEvent = Extract<WebhookEvent, { type: "MESSAGE_STATUS" }>;

const vault = new Vault(parseVaultKeys(`conformance:${Buffer.alloc(32, 7).toString("base64")}`));
const logger = createLogger({ service: "conformance", level: "silent" });

const database = useStarted(
  "the test database",
  async () => {
    const db = await createTestOrm();
    return { db, workspaceId: (await makeWorkspace(db.orm)).id };
  },
  ({ db }) => db.close(),
);

describe.each(MESSAGING_CASES)("messaging conformance: $provider", c => {
  const { sandbox, receiver } = useSandbox(c.provider, { [c.provider]: c.factory }, receiver => ({
    deliveries,
    appWebhookBaseUrl: () => receiver.url,
  }));
  const runtime = useStarted(
    `the ${c.provider} runtime`,
    async () =>
      new ConnectorRuntime({
        orm: database().db.orm,
        vault,
        logger,
        providers: sandbox().configs,
        connectors: { [c.provider]: c.connector },
        publicUrl: () => receiver().url,
        sandboxSecret: "conformance",
        timeoutMs: CALL_TIMEOUT_MS,
        retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 1_000 },
      }),
    async () => undefined,
  );
  afterEach(() => sandbox().host.clearFaults(c.provider));

  const spec: ProviderSpec = PROVIDERS[c.provider];
  const missingKind = missingSecretKind({ spec });
  const wireKind = (fault: RenderedFaultKind): ConnectorErrorKind => c.wire?.[fault] ?? fault;
  const handler = c.connector.webhooks;

  const fake = () => sandbox().host.sandboxes[c.provider]!;
  const config = () => sandbox().configs[c.provider];
  const ctx = (timeoutMs = CALL_TIMEOUT_MS): ConnectorContext =>
    sandbox().context(c.connector, { timeoutMs, retry: RETRY });
  const env = (): CaseEnv => ({ config: config(), grant: () => runtime().tokenGrant(c.provider) });
  const webhookUrl = (connection: ConnectionHandle) =>
    `${receiver().url}/webhooks/${c.provider}/${connection.id}`;
  const keys = (connection: ConnectionHandle) => ({ config: config(), connection });
  const inject = (kind: RenderedFaultKind | "TIMEOUT_AFTER_SENDING", times = 1) =>
    sandbox().host.inject(c.provider, { kind, retryAfterSeconds: 1, match: c.sendRoute }, times);

  /** A new account, connected as the runtime connects one: registered for its webhooks. */
  async function connect(): Promise<ConnectionHandle> {
    const made = await c.connect(fake(), env());
    const connection: ConnectionHandle = {
      id: randomUUID(),
      workspaceId: database().workspaceId,
      secrets: { ...made.secrets },
      settings: { ...made.settings },
    };
    const learned = await c.connector.register?.(ctx(), connection, {
      webhookUrl: webhookUrl(connection),
    });
    connection.settings = { ...connection.settings, ...(learned ?? {}) };
    return connection;
  }

  /** A message to `to`, with the status callback URL the runtime gives each send. */
  function message(connection: ConnectionHandle, to = c.deliverable): OutboundMessage {
    const messageId = `msg-${randomUUID()}`;
    return c.outbound({
      messageId,
      to,
      statusCallbackUrl: `${webhookUrl(connection)}?mid=${messageId}`,
    });
  }

  const sentIds = (connection: ConnectionHandle, outbound: OutboundMessage) =>
    c.sentIds(fake(), connection, outbound);

  /**
   * The webhooks whose events are statuses of `outbound`, once `enough` of them arrived (or the
   * deadline passed) and every webhook the sandbox had scheduled was delivered.
   */
  async function statusWebhooks(
    outbound: OutboundMessage,
    enough: (events: StatusEvent[]) => boolean,
  ): Promise<Array<{ request: WebhookRequest; events: StatusEvent[] }>> {
    if (!handler) {
      return [];
    }
    const isOurs = (event: WebhookEvent): event is StatusEvent =>
      event.type === "MESSAGE_STATUS" && event.messageId === outbound.messageId;
    const find = () =>
      receiver().received.flatMap(request => {
        const events = handler.parse(request).filter(isOurs);
        return events.length > 0 ? [{ request, events }] : [];
      });
    const deadline = Date.now() + WEBHOOK_DEADLINE_MS;
    for (;;) {
      const seen = receiver().received.length;
      if (enough(find().flatMap(found => found.events)) || Date.now() >= deadline) {
        break;
      }
      await receiver()
        .waitFor(seen + 1, Math.max(1, deadline - Date.now()))
        .catch(() => undefined);
    }
    await sandbox().host.webhooks.settled();
    return find();
  }

  async function store(
    connection: ConnectionHandle,
    tokenExpiresAt: Date | null = null,
  ): Promise<Connection> {
    const em = database().db.orm.em.fork();
    const owner = { id: connection.id, workspace: connection.workspaceId };
    em.create(Connection, {
      ...owner,
      provider: c.provider,
      category: "MESSAGING",
      displayName: `${c.provider} conformance`,
      status: "ACTIVE",
      settings: connection.settings,
      tokenExpiresAt,
      secrets: sealSecrets(vault, owner, connection.secrets),
    } as never);
    await em.flush();
    return load(connection.id);
  }

  const load = (id: string) =>
    database()
      .db.orm.em.fork()
      .findOneOrFail(Connection, { id }, { populate: ["secrets"] as never });

  const sendThrough = (row: Connection, outbound: OutboundMessage) =>
    runtime().withConnection(row, (callCtx, handle) => c.connector.send(callCtx, handle, outbound));

  it("its case agrees with the connector and the catalog", () => {
    expect(c.connector).toMatchObject({ provider: c.provider, category: "MESSAGING" });
    expect(spec.category).toBe("MESSAGING");
    expect(c.refreshes).toBe((spec.oauth?.refresh ?? "none") !== "none");
    expect(c.connector.lookup !== undefined).toBe(c.reconciles);
    expect(handler !== undefined).toBe(c.signing !== undefined);
    expect(handler === undefined).toBe(c.statusWebhooks.length === 0);
  });

  const successWebhooks = c.statusWebhooks.length
    ? `its status webhooks (${c.statusWebhooks.join(", ")}) verify and parse into MESSAGE_STATUS events naming it`
    : "no webhook follows";
  it(`sends to a deliverable recipient once, and ${successWebhooks}`, async () => {
    const connection = await connect();
    const outbound = message(connection);
    const { providerMessageId } = await c.connector.send(ctx(), connection, outbound);
    expect(providerMessageId).toEqual(expect.any(String));
    expect(sentIds(connection, outbound)).toEqual([providerMessageId]);

    const delivered = await statusWebhooks(outbound, events =>
      c.statusWebhooks.every(status => events.some(event => event.status === status)),
    );
    for (const { request } of delivered) {
      expect(handler!.verify(request, keys(connection))).toBe(true);
    }
    const events = delivered.flatMap(found => found.events);
    expect(events.map(event => event.status).sort()).toEqual([...c.statusWebhooks].sort());
    for (const event of events) {
      expect(event).toMatchObject({ messageId: outbound.messageId, providerMessageId });
    }
    expect(new Set(events.map(event => event.eventId)).size).toBe(events.length);
  });

  const undeliverable = c.undeliverable.fails;
  if ("error" in undeliverable) {
    it(`refuses the undeliverable recipient ${c.undeliverable.to} as ${undeliverable.error}, nothing sent`, async () => {
      const connection = await connect();
      const outbound = message(connection, c.undeliverable.to);
      const error = await failure(c.connector.send(ctx(), connection, outbound));
      expect(error.kind).toBe(undeliverable.error);
      expect(sentIds(connection, outbound)).toEqual([]);
    });
  } else {
    it(`takes a message to the undeliverable ${c.undeliverable.to}, then reports it FAILED (${undeliverable.webhook.errorCode}) by webhook`, async () => {
      const connection = await connect();
      const outbound = message(connection, c.undeliverable.to);
      const { providerMessageId } = await c.connector.send(ctx(), connection, outbound);
      const delivered = await statusWebhooks(outbound, events =>
        events.some(event => event.status === "FAILED"),
      );
      for (const { request } of delivered) {
        expect(handler!.verify(request, keys(connection))).toBe(true);
      }
      const failed = delivered
        .flatMap(found => found.events)
        .filter(event => event.status === "FAILED");
      expect(failed).toEqual([
        expect.objectContaining({
          messageId: outbound.messageId,
          providerMessageId,
          errorCode: undeliverable.webhook.errorCode,
        }),
      ]);
      expect(sentIds(connection, outbound)).toEqual([providerMessageId]);
    });
  }

  it.each(RENDERED_FAULTS.map(fault => [fault, wireKind(fault)] as const))(
    "an injected %s fault is read as %s, and the message was sent at most once",
    async (fault, kind) => {
      const connection = await connect();
      const outbound = message(connection);
      inject(fault, RETRY.maxAttempts);
      const error = await failure(c.connector.send(ctx(), connection, outbound));
      expect(error.kind).toBe(kind);
      expect(error.details.provider).toBe(c.provider);
      expect(sentIds(connection, outbound).length).toBeLessThanOrEqual(1);
    },
  );

  it.each(RETRYABLE_FAULTS)(
    "retries a single %s fault, and the message goes out exactly once",
    async fault => {
      const connection = await connect();
      const outbound = message(connection);
      inject(fault);
      const { providerMessageId } = await c.connector.send(ctx(), connection, outbound);
      expect(sentIds(connection, outbound)).toEqual([providerMessageId]);
    },
  );

  it(`fails a connection without its ${c.accessSecret} with the credentials rule's ${missingKind}, before any call`, async () => {
    const connection = await connect();
    const { [c.accessSecret]: _missing, ...others } = connection.secrets;
    const outbound = message(connection);
    const before = sandbox().host.requests.length;
    const error = await failure(
      c.connector.send(ctx(), { ...connection, secrets: others }, outbound),
    );
    expect(error.kind).toBe(missingKind);
    expect(error.kind).toBe(missingSecretKind(config()));
    expect(sandbox().host.requests.length).toBe(before);
    expect(sentIds(connection, outbound)).toEqual([]);
  });

  if (c.refreshes) {
    it("refreshes an expired token through the runtime and replays the send, which goes out once", async () => {
      const connection = await connect();
      const row = await store(connection, new Date(Date.now() + 3_600_000));
      const outbound = message(connection);
      inject("AUTH_EXPIRED");
      const { providerMessageId } = await sendThrough(row, outbound);
      expect(sentIds(connection, outbound)).toEqual([providerMessageId]);

      const after = await load(row.id);
      expect(after.status).toBe("ACTIVE");
      const fresh = openSecrets(vault, after)[c.accessSecret];
      expect(fresh).toEqual(expect.any(String));
      expect(fresh).not.toBe(connection.secrets[c.accessSecret]);
      // The fault expired the old token in the sandbox: it stays refused.
      const stale = await failure(c.connector.send(ctx(), connection, message(connection)));
      expect(stale.kind).toBe(wireKind("AUTH_EXPIRED"));
    });

    it(`gives a connection holding only its refresh token an access token through the runtime, and sends once`, async () => {
      const connection = await connect();
      const { [c.accessSecret]: _missing, ...others } = connection.secrets;
      const row = await store({ ...connection, secrets: others });
      const outbound = message(connection);
      const { providerMessageId } = await sendThrough(row, outbound);
      expect(sentIds(connection, outbound)).toEqual([providerMessageId]);
      expect(openSecrets(vault, await load(row.id))[c.accessSecret]).toEqual(expect.any(String));
    });
  } else {
    const expired = wireKind("AUTH_EXPIRED");
    it(`cannot refresh an expired token: the runtime ends ${expired} and marks the connection ${inactiveStatus(expired)}`, async () => {
      const connection = await connect();
      const row = await store(connection);
      const outbound = message(connection);
      inject("AUTH_EXPIRED");
      const error = await failure(sendThrough(row, outbound));
      expect(error.kind).toBe(expired);
      expect(sentIds(connection, outbound)).toEqual([]);
      expect((await load(row.id)).status).toBe(inactiveStatus(expired));
    });
  }

  it(`ends a revoked token AUTH_REVOKED through the runtime, for good, and marks the connection ${c.revokedStatus ?? "REVOKED"}`, async () => {
    const connection = await connect();
    const row = await store(connection);
    const outbound = message(connection);
    inject("AUTH_REVOKED");
    const first = await failure(sendThrough(row, outbound));
    expect(first.kind).toBe("AUTH_REVOKED");
    const again = await failure(sendThrough(await load(row.id), outbound));
    expect(again.kind).toBe("AUTH_REVOKED");
    expect(sentIds(connection, outbound)).toEqual([]);
    expect((await load(row.id)).status).toBe(c.revokedStatus ?? "REVOKED");
  });

  if (c.reconciles) {
    it("finds a send whose answer was lost with its lookup: it resolves with the provider's id, sent exactly once", async () => {
      const connection = await connect();
      const outbound = message(connection);
      inject("TIMEOUT_AFTER_SENDING");
      const { providerMessageId } = await c.connector.send(
        ctx(LOST_ANSWER_TIMEOUT_MS),
        connection,
        outbound,
      );
      expect(sentIds(connection, outbound)).toEqual([providerMessageId]);
    });
  } else {
    it("fails a send whose answer was lost UNKNOWN_OUTCOME (no lookup), never sends it twice, and its status webhook names it", async () => {
      const connection = await connect();
      const outbound = message(connection);
      inject("TIMEOUT_AFTER_SENDING");
      const error = await failure(
        c.connector.send(ctx(LOST_ANSWER_TIMEOUT_MS), connection, outbound),
      );
      expect(error.kind).toBe("UNKNOWN_OUTCOME");
      const accepted = sentIds(connection, outbound);
      expect(accepted).toHaveLength(1);

      // Without a lookup, the provider's webhook is what settles the message later.
      const resolved = await statusWebhooks(outbound, events => events.length > 0);
      for (const { request } of resolved) {
        expect(handler!.verify(request, keys(connection))).toBe(true);
      }
      expect(resolved.flatMap(found => found.events)).toContainEqual(
        expect.objectContaining({ messageId: outbound.messageId, providerMessageId: accepted[0] }),
      );
      expect(sentIds(connection, outbound)).toEqual(accepted);
    });
  }

  const signing = c.signing;
  if (signing) {
    it("refuses a webhook with a forged signature, a changed body or no signature, and accepts the provider's own", async () => {
      const connection = await connect();
      const outbound = message(connection);
      await c.connector.send(ctx(), connection, outbound);
      const [first] = await statusWebhooks(outbound, events => events.length > 0);
      expect(first).toBeDefined();
      const request = first!.request;
      const verify = (candidate: WebhookRequest) => handler!.verify(candidate, keys(connection));

      expect(verify(request)).toBe(true);
      expect(verify(signing.forge(request))).toBe(false);
      expect(
        verify({ ...request, rawBody: Buffer.concat([request.rawBody, Buffer.from(" ")]) }),
      ).toBe(false);
      const unsigned = Object.fromEntries(
        Object.entries(request.headers).filter(([name]) => !signing.headers.includes(name)),
      );
      expect(verify({ ...request, headers: unsigned })).toBe(false);
    });
  } else {
    it("sends no webhooks: the connector has no handler, and the sandbox posts nothing", async () => {
      expect(handler).toBeUndefined();
      const connection = await connect();
      await c.connector.send(ctx(), connection, message(connection));
      await sandbox().host.webhooks.settled();
      expect(receiver().received).toEqual([]);
    });
  }
});
