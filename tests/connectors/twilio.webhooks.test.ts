import { describe, expect, it } from "@jest/globals";
import type { ConnectionHandle } from "../../connectors/kit/contracts/index.js";
import { twilioConnector } from "../../connectors/twilio/twilio.connector.js";
import type { WebhookRequest } from "../../connectors/kit/contracts/index.js";
import { useTwilioFixture, sms } from "./support/twilio.fixture.js";

// Signed status callbacks and inbound SMS: verification, replays, and STOP as an opt-out.
describe("the Twilio SMS connector against its sandbox", () => {
  const { sandbox, twilio, ctx, newConnection, webhookUrl, sendFails, webhooksOf } =
    useTwilioFixture();

  describe("webhooks", () => {
    const handler = twilioConnector.webhooks!;
    const keys = (connection: ConnectionHandle) => ({
      config: sandbox().configs.twilio,
      connection,
    });

    it("verifies and parses the sandbox's signed status callbacks, echoing Crosscast's message id", async () => {
      const connection = newConnection();
      const message = { ...sms("+14155550140", "hi"), statusCallbackUrl: webhookUrl(connection) };
      const { providerMessageId } = await twilioConnector.send(ctx(), connection, message);
      const requests = await webhooksOf(connection);
      expect(requests).toHaveLength(2);
      for (const request of requests) {
        expect(handler.verify(request, keys(connection))).toBe(true);
      }
      const parsed = requests.map(request => ({ request, event: handler.parse(request)[0]! }));
      const byStatus = (status: string) =>
        parsed.find(({ event }) => "status" in event && event.status === status)!;
      expect(byStatus("SENT").event).toMatchObject({
        providerMessageId,
        messageId: message.messageId,
      });
      expect(byStatus("DELIVERED").event).toMatchObject({
        providerMessageId,
        messageId: message.messageId,
      });
      for (const { request, event } of parsed) {
        expect(event.eventId).toBe(request.headers["i-twilio-idempotency-token"]);
      }
      expect(byStatus("SENT").event.eventId).not.toBe(byStatus("DELIVERED").event.eventId);
      const [sent] = twilio().sentMessages(connection.settings.accountSid);
      expect(sent!.statusCallback).toBe(`${webhookUrl(connection)}?mid=${message.messageId}`);
      expect(handler.acknowledge).toEqual({
        status: 200,
        headers: { "content-type": "text/xml" },
        body: '<?xml version="1.0" encoding="UTF-8"?><Response></Response>',
      });
    });

    it("keeps a callback URL that already carries the runtime's mid untouched", async () => {
      const connection = newConnection();
      const url = `${webhookUrl(connection)}?mid=from-the-runtime`;
      await twilioConnector.send(ctx(), connection, {
        ...sms("+14155550145", "hi"),
        statusCallbackUrl: url,
      });
      expect(twilio().sentMessages(connection.settings.accountSid)[0]!.statusCallback).toBe(url);
      const [request] = await webhooksOf(connection);
      expect(handler.verify(request!, keys(connection))).toBe(true);
      expect(handler.parse(request!)[0]).toMatchObject({ messageId: "from-the-runtime" });
    });

    it("refuses forged signatures, tampered bodies and other accounts' tokens", async () => {
      const connection = newConnection();
      await twilioConnector.send(ctx(), connection, {
        ...sms("+14155550141", "hi"),
        statusCallbackUrl: webhookUrl(connection),
      });
      const [request] = await webhooksOf(connection);
      const forged: WebhookRequest = {
        ...request!,
        headers: { ...request!.headers, "x-twilio-signature": "bm90IGEgc2lnbmF0dXJl" },
      };
      expect(handler.verify(forged, keys(connection))).toBe(false);
      const tampered: WebhookRequest = {
        ...request!,
        rawBody: Buffer.concat([request!.rawBody, Buffer.from("&ErrorCode=30003")]),
      };
      expect(handler.verify(tampered, keys(connection))).toBe(false);
      const stranger = { ...connection, secrets: { authToken: "f".repeat(32) } };
      expect(handler.verify(request!, keys(stranger))).toBe(false);
    });

    it("lets a replay verify (Twilio signs no timestamp) but gives it the same eventId", async () => {
      const connection = newConnection();
      await twilioConnector.send(ctx(), connection, {
        ...sms("+14155550142", "hi"),
        statusCallbackUrl: webhookUrl(connection),
      });
      const [request] = await webhooksOf(connection);
      const replay: WebhookRequest = { ...request!, headers: { ...request!.headers } };
      expect(handler.verify(replay, keys(connection))).toBe(true);
      expect(handler.parse(replay)[0]!.eventId).toBe(handler.parse(request!)[0]!.eventId);
      // Without Twilio's idempotency token the event id still names the message and status.
      const bare: WebhookRequest = {
        ...request!,
        headers: { ...request!.headers, "i-twilio-idempotency-token": undefined },
      };
      const fields = new URLSearchParams(request!.rawBody.toString());
      expect(handler.parse(bare)[0]!.eventId).toBe(
        `${fields.get("MessageSid")}:${fields.get("MessageStatus")}`,
      );
    });

    it("registers the inbound URL on the number, then reads a STOP reply as an opt-out", async () => {
      const connection = newConnection();
      const url = webhookUrl(connection);
      await expect(
        twilioConnector.register!(ctx(), connection, { webhookUrl: url }),
      ).resolves.toEqual({
        phoneNumberSid: expect.stringMatching(/^PN[0-9a-f]{32}$/),
      });
      expect(twilio().phoneNumber(connection.settings.fromNumber!)).toMatchObject({
        smsUrl: url,
        smsMethod: "POST",
      });
      twilio().receive({
        from: "+14155550143",
        to: connection.settings.fromNumber!,
        body: "Hello?",
      });
      twilio().receive({ from: "+14155550143", to: connection.settings.fromNumber!, body: "STOP" });
      const requests = await webhooksOf(connection);
      expect(requests.every(request => handler.verify(request, keys(connection)))).toBe(true);
      const events = requests.flatMap(request => handler.parse(request));
      expect(events).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ type: "INBOUND_MESSAGE", text: "Hello?", optOut: false }),
          expect.objectContaining({
            type: "INBOUND_MESSAGE",
            from: "+14155550143",
            to: connection.settings.fromNumber,
            text: "STOP",
            optOut: true,
            accountId: connection.settings.accountSid,
          }),
        ]),
      );
      const error = await sendFails(connection, sms("+14155550143", "we miss you"));
      expect(error.details.providerCode).toBe(21610);
    });
  });
});
