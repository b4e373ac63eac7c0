import { describe, expect, it } from "@jest/globals";
import { randomUUID } from "node:crypto";
import type {
  ConnectionHandle,
  OutboundMessage,
  WebhookEvent,
  WebhookRequest,
} from "../../../connectors/kit/contracts/index.js";
import {
  defaultDeliveryModel,
  type DeliveryModel,
} from "../../../connectors/sandbox/delivery-model.js";
import { MESSAGING_CASES } from "./messaging.cases.js";
import { conformanceBaseline } from "./support/conformance-baseline.js";
import { failure } from "./support/conformance-checks.js";
import { useConformanceDatabase, useConformanceWorld } from "./support/conformance-world.js";

/**
 * The messaging contract, held against every provider in MESSAGING_CASES: the real connector
 * against its real sandbox over loopback HTTP, webhooks through the connector's own handler, and
 * token refresh through a real ConnectorRuntime over a test database. Nothing of ours is mocked.
 * The baseline every connector is held to is shared (support/conformance-baseline.ts); this file
 * holds the messaging flow. What differs between providers is data in their case; nothing here
 * names a provider.
 */

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

type StatusEvent = Extract<WebhookEvent, { type: "MESSAGE_STATUS" }>;

const database = useConformanceDatabase();

describe.each(MESSAGING_CASES)("messaging conformance: $provider", c => {
  const world = useConformanceWorld(c, database, { deliveries });
  const handler = c.connector.webhooks;

  /** A message to `to`, with the status callback URL the runtime gives each send. */
  function message(connection: ConnectionHandle, to = c.deliverable): OutboundMessage {
    const messageId = `msg-${randomUUID()}`;
    return c.outbound({
      messageId,
      to,
      statusCallbackUrl: `${world.webhookUrl(connection)}?mid=${messageId}`,
    });
  }

  const sentIds = (connection: ConnectionHandle, outbound: OutboundMessage) =>
    c.sentIds(world.sandbox(), connection, outbound);

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
      world.receiver().received.flatMap(request => {
        const events = handler.parse(request).filter(isOurs);
        return events.length > 0 ? [{ request, events }] : [];
      });
    const deadline = Date.now() + WEBHOOK_DEADLINE_MS;
    for (;;) {
      const seen = world.receiver().received.length;
      if (enough(find().flatMap(found => found.events)) || Date.now() >= deadline) {
        break;
      }
      await world
        .receiver()
        .waitFor(seen + 1, Math.max(1, deadline - Date.now()))
        .catch(() => undefined);
    }
    await world.settled();
    return find();
  }

  const baseline = conformanceBaseline(c, world, {
    words: {
      none: "the message was sent at most once",
      once: "the message goes out exactly once",
      replayed: "the send, which goes out once",
      provider: "the provider",
    },
    route: c.sendRoute,
    prepare: connection => message(connection),
    write: (ctx, connection, outbound) => c.connector.send(ctx, connection, outbound),
    made: (connection, outbound) => sentIds(connection, outbound).length,
    // A send the provider took may still fail on the wire (its answer lost).
    faultMayLeaveOne: true,
    answered: (connection, outbound, { providerMessageId }) =>
      expect(sentIds(connection, outbound)).toEqual([providerMessageId]),
    probe: (ctx, connection) => c.connector.send(ctx, connection, message(connection)),
  });

  baseline.agreement("MESSAGING", () => {
    expect(c.connector.lookup !== undefined).toBe(c.reconciles);
    expect(handler === undefined).toBe(c.statusWebhooks.length === 0);
  });

  const successWebhooks = c.statusWebhooks.length
    ? `its status webhooks (${c.statusWebhooks.join(", ")}) verify and parse into MESSAGE_STATUS events naming it`
    : "no webhook follows";
  it(`sends to a deliverable recipient once, and ${successWebhooks}`, async () => {
    const connection = await world.connect();
    const outbound = message(connection);
    const { providerMessageId } = await c.connector.send(world.ctx(), connection, outbound);
    expect(providerMessageId).toEqual(expect.any(String));
    expect(sentIds(connection, outbound)).toEqual([providerMessageId]);

    const delivered = await statusWebhooks(outbound, events =>
      c.statusWebhooks.every(status => events.some(event => event.status === status)),
    );
    for (const { request } of delivered) {
      expect(handler!.verify(request, world.keys(connection))).toBe(true);
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
      const connection = await world.connect();
      const outbound = message(connection, c.undeliverable.to);
      const error = await failure(c.connector.send(world.ctx(), connection, outbound));
      expect(error.kind).toBe(undeliverable.error);
      expect(sentIds(connection, outbound)).toEqual([]);
    });
  } else {
    it(`takes a message to the undeliverable ${c.undeliverable.to}, then reports it FAILED (${undeliverable.webhook.errorCode}) by webhook`, async () => {
      const connection = await world.connect();
      const outbound = message(connection, c.undeliverable.to);
      const { providerMessageId } = await c.connector.send(world.ctx(), connection, outbound);
      const delivered = await statusWebhooks(outbound, events =>
        events.some(event => event.status === "FAILED"),
      );
      for (const { request } of delivered) {
        expect(handler!.verify(request, world.keys(connection))).toBe(true);
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

  baseline.faults();
  baseline.credentials();
  baseline.tokens();

  if (c.reconciles) {
    it("finds a send whose answer was lost with its lookup: it resolves with the provider's id, sent exactly once", async () => {
      const connection = await world.connect();
      const outbound = message(connection);
      baseline.inject("TIMEOUT_AFTER_SENDING");
      const { providerMessageId } = await c.connector.send(
        world.ctx({ timeoutMs: LOST_ANSWER_TIMEOUT_MS }),
        connection,
        outbound,
      );
      expect(sentIds(connection, outbound)).toEqual([providerMessageId]);
    });
  } else {
    it("fails a send whose answer was lost UNKNOWN_OUTCOME (no lookup), never sends it twice, and its status webhook names it", async () => {
      const connection = await world.connect();
      const outbound = message(connection);
      baseline.inject("TIMEOUT_AFTER_SENDING");
      const error = await failure(
        c.connector.send(world.ctx({ timeoutMs: LOST_ANSWER_TIMEOUT_MS }), connection, outbound),
      );
      expect(error.kind).toBe("UNKNOWN_OUTCOME");
      const accepted = sentIds(connection, outbound);
      expect(accepted).toHaveLength(1);

      // Without a lookup, the provider's webhook is what settles the message later.
      const resolved = await statusWebhooks(outbound, events => events.length > 0);
      for (const { request } of resolved) {
        expect(handler!.verify(request, world.keys(connection))).toBe(true);
      }
      expect(resolved.flatMap(found => found.events)).toContainEqual(
        expect.objectContaining({ messageId: outbound.messageId, providerMessageId: accepted[0] }),
      );
      expect(sentIds(connection, outbound)).toEqual(accepted);
    });
  }

  baseline.webhookSignatures({
    async genuine(connection) {
      const outbound = message(connection);
      await c.connector.send(world.ctx(), connection, outbound);
      const [first] = await statusWebhooks(outbound, events => events.length > 0);
      expect(first).toBeDefined();
      return { request: first!.request, keys: world.keys(connection) };
    },
    quiet: connection => c.connector.send(world.ctx(), connection, message(connection)),
  });
});
