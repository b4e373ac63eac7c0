import { describe, expect, it } from "@jest/globals";
import { signMeta } from "../../connectors/kit/webhook-signatures.js";
import type { WebhookRequest } from "../../connectors/kit/contracts/index.js";
import { whatsappConnector } from "../../connectors/whatsapp/whatsapp.connector.js";
import { whatsappWebhooks } from "../../connectors/whatsapp/whatsapp.webhooks.js";
import { useWhatsappFixture, connectionOf, text } from "./support/whatsapp.fixture.js";

// Meta's status webhooks (signed, verified, parsed) and the subscription handshake.
describe("WhatsApp Cloud API connector against its sandbox", () => {
  const { sandbox, receiver, account, ctx, keys, events } = useWhatsappFixture();

  describe("status webhooks", () => {
    it("are signed, verify, and parse into sent, delivered and read with Crosscast's id", async () => {
      const message = text("15550102001");
      const { providerMessageId } = await whatsappConnector.send(
        ctx(),
        connectionOf(account()),
        message,
      );
      const mine = (await events()).filter(
        e => e.type === "MESSAGE_STATUS" && e.providerMessageId === providerMessageId,
      );
      expect(mine).toEqual([
        expect.objectContaining({
          status: "SENT",
          messageId: message.messageId,
          eventId: `${providerMessageId}:sent`,
        }),
        expect.objectContaining({ status: "DELIVERED", messageId: message.messageId }),
        expect.objectContaining({ status: "READ", messageId: message.messageId }),
      ]);
      expect(mine[0]).toHaveProperty("occurredAt", expect.any(Date));
    });

    it("report an undeliverable message as FAILED with Meta's code 131026", async () => {
      const message = text("15550109999");
      const { providerMessageId } = await whatsappConnector.send(
        ctx(),
        connectionOf(account()),
        message,
      );
      const mine = (await events()).filter(
        e => e.type === "MESSAGE_STATUS" && e.providerMessageId === providerMessageId,
      );
      expect(mine.map(e => e.type === "MESSAGE_STATUS" && [e.status, e.errorCode])).toEqual([
        ["SENT", undefined],
        ["FAILED", "131026"],
      ]);
    });

    it("refuse a forged signature or a changed body, and a replay carries the same event ids", async () => {
      const { providerMessageId } = await whatsappConnector.send(
        ctx(),
        connectionOf(account()),
        text("15550102004"),
      );
      await sandbox().host.webhooks.settled();
      const original = receiver().received.find(r =>
        r.rawBody.toString().includes(providerMessageId),
      );
      expect(original).toBeDefined();
      const request = original as WebhookRequest;
      expect(whatsappWebhooks.verify(request, keys())).toBe(true);
      const forged = {
        ...request,
        headers: {
          ...request.headers,
          "x-hub-signature-256": signMeta("not-the-app-secret", request.rawBody),
        },
      };
      expect(whatsappWebhooks.verify(forged, keys())).toBe(false);
      const altered = {
        ...request,
        rawBody: Buffer.from(request.rawBody.toString().replace(':"sent"', ':"read"')),
      };
      expect(whatsappWebhooks.verify(altered, keys())).toBe(false);
      const unsigned = {
        ...request,
        headers: { ...request.headers, "x-hub-signature-256": undefined },
      };
      expect(whatsappWebhooks.verify(unsigned, keys())).toBe(false);
      // Meta signs no timestamp: a replay verifies, and is recognised by its event id.
      const replay = { ...request, rawBody: Buffer.from(request.rawBody) };
      expect(whatsappWebhooks.verify(replay, keys())).toBe(true);
      expect(whatsappWebhooks.parse(replay).map(e => e.eventId)).toEqual(
        whatsappWebhooks.parse(request).map(e => e.eventId),
      );
    });
  });

  describe("the subscription handshake", () => {
    const handshake = (token: string) =>
      whatsappWebhooks.handshake?.(
        {
          method: "GET",
          url: `${receiver().url}/webhooks/whatsapp`,
          segments: [],
          query: new URLSearchParams({
            "hub.mode": "subscribe",
            "hub.verify_token": token,
            "hub.challenge": "1158201444",
          }),
          headers: {},
          rawBody: Buffer.alloc(0),
        },
        keys(),
      );

    it("echoes the challenge as text when the verify token matches, and refuses otherwise", () => {
      expect(whatsappConnector.webhooks).toBe(whatsappWebhooks);
      expect(handshake(sandbox().configs.whatsapp.webhookSecret ?? "")).toEqual({
        status: 200,
        headers: { "content-type": "text/plain" },
        body: "1158201444",
      });
      expect(handshake("guess")).toEqual({ status: 403 });
    });
  });
});
