import { describe, expect, it } from "@jest/globals";
import { generateKeyPairSync } from "node:crypto";
import { signSendGrid } from "../../connectors/kit/webhook-signatures.js";
import { sendgridConnector } from "../../connectors/sendgrid/sendgrid.connector.js";
import type { WebhookRequest } from "../../connectors/kit/contracts/index.js";
import { useSendgridFixture } from "./support/sendgrid.fixture.js";

// The Event Webhook's signatures: forgeries and replays, and parsing every event type.
describe("the SendGrid connector against its sandbox", () => {
  const { sandbox, webhooks, sg, ctx, email, registered, delivered } = useSendgridFixture();

  describe("the Event Webhook", () => {
    it("refuses forged signatures", async () => {
      const { conn } = await registered();
      await sendgridConnector.send(ctx(), conn, email("h@example.com"));
      const { requests } = await delivered(conn);
      const real = requests[0]!;
      const keys = { config: sandbox().configs.sendgrid, connection: conn };
      expect(webhooks.verify(real, keys)).toBe(true);

      const tampered = {
        ...real,
        rawBody: Buffer.from(real.rawBody.toString().replace("h@", "i@")),
      };
      expect(webhooks.verify(tampered, keys)).toBe(false);

      const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
      const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
      const timestamp = real.headers["x-twilio-email-event-webhook-timestamp"]!;
      const forged: WebhookRequest = {
        ...real,
        headers: {
          ...real.headers,
          "x-twilio-email-event-webhook-signature": signSendGrid(
            pem,
            timestamp,
            real.rawBody.toString(),
          ),
        },
      };
      expect(webhooks.verify(forged, keys)).toBe(false);

      const unsigned = { ...real, headers: { "content-type": "application/json" } };
      expect(webhooks.verify(unsigned, keys)).toBe(false);
      const otherAccount = sg().createAccount();
      const wrongKey = { ...conn, settings: { webhookPublicKey: otherAccount.publicKey } };
      expect(webhooks.verify(real, { ...keys, connection: wrongKey })).toBe(false);
      expect(webhooks.verify(real, { config: sandbox().configs.sendgrid })).toBe(false);
    });

    it("makes a replay detectable: SendGrid has no time window, a replay repeats its sg_event_ids", async () => {
      const { conn } = await registered();
      await sendgridConnector.send(ctx(), conn, email("reader-2@example.com"));
      const { requests } = await delivered(conn);
      const keys = { config: sandbox().configs.sendgrid, connection: conn };
      const ids = (request: WebhookRequest) => webhooks.parse(request).map(e => e.eventId);
      const original = requests[0]!;
      const replay = { ...original, rawBody: Buffer.from(original.rawBody) };
      expect(webhooks.verify(replay, keys)).toBe(true);
      expect(ids(replay)).toEqual(ids(original));
      const all = requests.flatMap(ids);
      expect(new Set(all).size).toBe(all.length);
    });

    it("parses every event type: deferred and click mean nothing, opt-outs keep the address", () => {
      const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
      const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
      const base = { timestamp: 1_760_000_000, sg_message_id: "AbCdEf123.filterdrecv-1.0" };
      const body = JSON.stringify([
        { ...base, email: "a@x.example", event: "deferred", sg_event_id: "e1" },
        { ...base, email: "a@x.example", event: "click", sg_event_id: "e2", url: "https://x" },
        {
          ...base,
          email: "a@x.example",
          event: "group_unsubscribe",
          sg_event_id: "e3",
          asm_group_id: 4,
        },
        { ...base, email: "b@x.example", event: "spamreport", sg_event_id: "e4" },
        { ...base, email: "c@x.example", event: "dropped", sg_event_id: "e5", reason: "Invalid" },
        { ...base, email: "d@x.example", event: "bounce", sg_event_id: "e6", type: "blocked" },
        {
          ...base,
          email: "e@x.example",
          event: "delivered",
          sg_event_id: "e7",
          crosscast_message_id: "m7",
        },
        { event: "processed" },
        "not an event",
      ]);
      const timestamp = "1760000000";
      const request: WebhookRequest = {
        method: "POST",
        url: "https://crosscast.example/webhooks/sendgrid/conn-x",
        segments: ["conn-x"],
        query: new URLSearchParams(),
        headers: {
          "x-twilio-email-event-webhook-timestamp": timestamp,
          "x-twilio-email-event-webhook-signature": signSendGrid(pem, timestamp, body),
        },
        rawBody: Buffer.from(body),
      };
      const spki = publicKey.export({ type: "spki", format: "der" }).toString("base64");
      const conn = {
        id: "conn-x",
        workspaceId: "ws",
        secrets: {},
        settings: { webhookPublicKey: spki },
      };
      expect(
        webhooks.verify(request, { config: sandbox().configs.sendgrid, connection: conn }),
      ).toBe(true);
      expect(webhooks.parse(request)).toEqual([
        { type: "OPT_OUT", eventId: "e3", address: "a@x.example", reason: "group_unsubscribe" },
        { type: "OPT_OUT", eventId: "e4", address: "b@x.example", reason: "spamreport" },
        expect.objectContaining({ eventId: "e5", status: "FAILED", errorCode: "Invalid" }),
        expect.objectContaining({ eventId: "e6", status: "FAILED", errorCode: "blocked" }),
        {
          type: "MESSAGE_STATUS",
          eventId: "e7",
          status: "DELIVERED",
          messageId: "m7",
          providerMessageId: "AbCdEf123",
          occurredAt: new Date(1_760_000_000_000),
        },
      ]);
    });
  });
});
