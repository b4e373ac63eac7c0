import { describe, expect, it } from "@jest/globals";
import type { ConnectionHandle, WebhookRequest } from "../../connectors/kit/contracts/index.js";
import { createTwilioClient } from "../../connectors/twilio/twilio.client.js";
import { twilioConnector } from "../../connectors/twilio/twilio.connector.js";
import { TWILIO_DEMO_SANDBOX } from "../../connectors/twilio/twilio.demo.js";
import { findSentMessage } from "../../connectors/twilio/twilio.reconcile.js";
import { useTwilioFixture, failure, sms } from "./support/twilio.fixture.js";

/**
 * What is particular to Twilio, against its sandbox: verifying an account and its number, SMS and
 * Content API sends with Twilio's refusals (magic numbers, geo permissions, 21610 after STOP),
 * the sandbox's wire, the status callbacks' ids and URL and inbound SMS, the injected faults'
 * codes and waits, the rotated token, and the message list the lookup pages through.
 * The messaging contract (a send and its callbacks, the failing number's 30003, each fault's kind
 * and retry, credentials, revoked tokens, a lost answer found again, forged signatures) is held
 * by tests/connectors/conformance/messaging.conformance.test.ts.
 */
describe("the Twilio SMS connector against its sandbox", () => {
  const { sandbox, twilio, ctx, newConnection, webhookUrl, sendFails, webhooksOf } =
    useTwilioFixture();

  describe("verify", () => {
    it("accepts the demo account with no control call, and names it", async () => {
      const identity = await twilioConnector.verify(ctx(), {
        secrets: { ...TWILIO_DEMO_SANDBOX.secrets },
        settings: { ...TWILIO_DEMO_SANDBOX.settings },
      });
      expect(identity).toEqual({
        externalAccountId: TWILIO_DEMO_SANDBOX.accountSid,
        displayName: "Crosscast demo",
        settings: { phoneNumberSid: TWILIO_DEMO_SANDBOX.phoneNumberSid },
      });
      expect(TWILIO_DEMO_SANDBOX.accountSid).toMatch(/^AC[0-9a-f]{32}$/);
    });

    it("refuses a suspended or closed account as PERMISSION_DENIED", async () => {
      for (const status of ["suspended", "closed"] as const) {
        const connection = newConnection();
        twilio().setAccountStatus(connection.settings.accountSid!, status);
        const error = await failure(twilioConnector.verify(ctx(), connection));
        expect(error.kind).toBe("PERMISSION_DENIED");
        expect(error.details.providerCode).toBe(status);
      }
    });

    it("refuses a fromNumber the account does not own as INVALID_REQUEST", async () => {
      const connection = newConnection();
      connection.settings.fromNumber = TWILIO_DEMO_SANDBOX.fromNumber;
      const error = await failure(twilioConnector.verify(ctx(), connection));
      expect(error.kind).toBe("INVALID_REQUEST");
    });

    it("reads a wrong auth token (401, code 20003) as AUTH_REVOKED", async () => {
      const connection = newConnection();
      connection.secrets.authToken = "0".repeat(32);
      const error = await failure(twilioConnector.verify(ctx(), connection));
      expect(error).toMatchObject({ kind: "AUTH_REVOKED", details: { providerCode: 20003 } });
      expect(error.message).not.toContain("0".repeat(32));
    });
  });

  describe("credentials", () => {
    it("reads a blank Account SID (a setting, not a secret) as INVALID_REQUEST", async () => {
      const connection = newConnection();
      const noSid = await failure(
        twilioConnector.verify(ctx(), {
          secrets: connection.secrets,
          settings: { ...connection.settings, accountSid: " " },
        }),
      );
      expect(noSid.kind).toBe("INVALID_REQUEST");
    });

    it("gives every createConnection() a fresh account that verifies", async () => {
      const first = twilio().createConnection();
      const second = twilio().createConnection();
      expect(first.settings.accountSid).toMatch(/^AC[0-9a-f]{32}$/);
      expect(first.secrets.authToken).toMatch(/^[0-9a-f]{32}$/);
      expect(second.settings.accountSid).not.toBe(first.settings.accountSid);
      expect(second.secrets.authToken).not.toBe(first.secrets.authToken);
      await expect(twilioConnector.verify(ctx(), first)).resolves.toMatchObject({
        externalAccountId: first.settings.accountSid,
      });
    });
  });

  describe("send", () => {
    it("sends a form-encoded SMS and returns Twilio's message SID", async () => {
      const connection = newConnection();
      const message = sms("+14155550123", "Spring sale starts now");
      const { providerMessageId } = await twilioConnector.send(ctx(), connection, message);
      expect(providerMessageId).toMatch(/^SM[0-9a-f]{32}$/);
      expect(twilio().sentMessages(connection.settings.accountSid)).toEqual([
        expect.objectContaining({
          sid: providerMessageId,
          to: "+14155550123",
          from: connection.settings.fromNumber,
          body: "Spring sale starts now",
        }),
      ]);
    });

    it("sends a template as ContentSid and ContentVariables", async () => {
      const connection = newConnection();
      const contentSid = `HX${"a".repeat(32)}`;
      await twilioConnector.send(ctx(), connection, {
        messageId: "msg-template",
        to: "+14155550124",
        template: { name: contentSid, parameters: { "1": "Ada", "2": "20%" } },
      });
      const [sent] = twilio().sentMessages(connection.settings.accountSid);
      expect(sent).toMatchObject({ contentSid, contentVariables: '{"1":"Ada","2":"20%"}' });
    });

    it.each([
      ["an invalid To (21211)", "12345", "hi", 21211],
      ["an empty body (21602)", "+14155550125", "", 21602],
      ["a body over 1,600 characters (21617)", "+14155550126", "x".repeat(1601), 21617],
      ["a To that cannot receive SMS (21614)", "+15005550009", "hi", 21614],
    ])("refuses %s as INVALID_REQUEST", async (_name, to, text, code) => {
      const error = await sendFails(newConnection(), sms(to, text));
      expect(error).toMatchObject({ kind: "INVALID_REQUEST", details: { providerCode: code } });
    });

    it("refuses a From the account does not own (21606) as INVALID_REQUEST", async () => {
      const connection = newConnection();
      const other = twilio().createAccount();
      connection.settings.fromNumber = other.fromNumber;
      const error = await sendFails(connection, sms("+14155550127", "hi"));
      expect(error).toMatchObject({ kind: "INVALID_REQUEST", details: { providerCode: 21606 } });
    });

    it("refuses a template whose ContentSid breaks Twilio's OpenAPI pattern", async () => {
      const error = await failure(
        twilioConnector.send(ctx(), newConnection(), {
          messageId: "msg-bad-template",
          to: "+14155550128",
          template: { name: "spring_sale" },
        }),
      );
      expect(error.kind).toBe("INVALID_REQUEST");
    });

    it("reads a region without geo permission (21408) as PERMISSION_DENIED", async () => {
      const connection = newConnection();
      twilio().blockRegion(connection.settings.accountSid!, "+44");
      const error = await sendFails(connection, sms("+447700900123", "hi"));
      expect(error).toMatchObject({ kind: "PERMISSION_DENIED", details: { providerCode: 21408 } });
    });

    it("reads an unroutable To (21612) as PERMISSION_DENIED", async () => {
      const error = await sendFails(newConnection(), sms("+15005550002", "hi"));
      expect(error).toMatchObject({ kind: "PERMISSION_DENIED", details: { providerCode: 21612 } });
    });

    it("reads a suspended account (403, 20403) as PERMISSION_DENIED", async () => {
      const connection = newConnection();
      twilio().setAccountStatus(connection.settings.accountSid!, "suspended");
      const error = await sendFails(connection, sms("+14155550129", "hi"));
      expect(error).toMatchObject({ kind: "PERMISSION_DENIED", details: { providerCode: 20403 } });
    });

    it("keeps the opt-out code 21610 after the recipient replied STOP", async () => {
      const connection = newConnection();
      twilio().receive({ from: "+14155550130", to: connection.settings.fromNumber!, body: "stop" });
      const error = await sendFails(connection, sms("+14155550130", "come back!"));
      expect(error).toMatchObject({
        kind: "INVALID_REQUEST",
        details: { providerCode: 21610, optOut: true },
      });
      expect(twilio().sentMessages(connection.settings.accountSid)).toEqual([]);
      twilio().receive({
        from: "+14155550130",
        to: connection.settings.fromNumber!,
        body: "START",
      });
      await twilioConnector.send(ctx(), connection, sms("+14155550130", "welcome back"));
    });
  });

  describe("the sandbox's wire", () => {
    it("answers a JSON body the way Twilio does: 400 with code 21604", async () => {
      const connection = newConnection();
      const auth = Buffer.from(
        `${connection.settings.accountSid}:${connection.secrets.authToken}`,
      ).toString("base64");
      const response = await fetch(
        `${sandbox().configs.twilio.apiBaseUrl}/2010-04-01/Accounts/${connection.settings.accountSid}/Messages.json`,
        {
          method: "POST",
          headers: { authorization: `Basic ${auth}`, "content-type": "application/json" },
          body: JSON.stringify({
            To: "+14155550144",
            From: connection.settings.fromNumber,
            Body: "x",
          }),
        },
      );
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ code: 21604, status: 400 });
    });

    it("answers missing credentials with Twilio's 401 body", async () => {
      const response = await fetch(
        `${sandbox().configs.twilio.apiBaseUrl}/2010-04-01/Accounts/${TWILIO_DEMO_SANDBOX.accountSid}.json`,
      );
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({
        code: 20003,
        message: "Authenticate",
        more_info: "https://www.twilio.com/docs/errors/20003",
        status: 401,
      });
    });
  });

  describe("webhooks", () => {
    const handler = twilioConnector.webhooks!;
    const keys = (connection: ConnectionHandle) => ({
      config: sandbox().configs.twilio,
      connection,
    });

    it("status callbacks: the URL gains ?mid=, the idempotency token is the eventId, the acknowledgement is empty TwiML", async () => {
      const connection = newConnection();
      const message = { ...sms("+14155550140", "hi"), statusCallbackUrl: webhookUrl(connection) };
      await twilioConnector.send(ctx(), connection, message);
      const [sent] = twilio().sentMessages(connection.settings.accountSid);
      expect(sent!.statusCallback).toBe(`${webhookUrl(connection)}?mid=${message.messageId}`);
      const requests = await webhooksOf(connection);
      expect(requests).not.toHaveLength(0);
      for (const request of requests) {
        expect(request.headers["i-twilio-idempotency-token"]).toEqual(expect.any(String));
        expect(handler.parse(request)[0]!.eventId).toBe(
          request.headers["i-twilio-idempotency-token"],
        );
      }
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

  describe("faults, as Twilio renders them", () => {
    it("waits the 3 s a 429's Retry-After announces before sending again", async () => {
      const connection = newConnection();
      sandbox().host.inject("twilio", {
        kind: "RATE_LIMITED",
        retryAfterSeconds: 3,
        match: { method: "POST", path: "/Messages.json" },
      });
      await twilioConnector.send(ctx(), connection, sms("+14155550131", "hi"));
      expect(sandbox().waits).toEqual([3_000]);
    });

    it("backs off twice on a 429 without Retry-After (Twilio's usual 20429), then gives up with no wait to hand back", async () => {
      const connection = newConnection();
      sandbox().host.inject("twilio", { kind: "RATE_LIMITED" }, 3);
      const error = await sendFails(connection, sms("+14155550132", "hi"));
      expect(error).toMatchObject({ kind: "RATE_LIMITED", details: { providerCode: 20429 } });
      expect(error.details.retryAfterMs).toBeUndefined();
      expect(sandbox().waits).toHaveLength(2);
      expect(twilio().sentMessages(connection.settings.accountSid)).toEqual([]);
    });

    it("renders injected faults with Twilio's codes: 503 20503, 401 20003, 403 20403, 400 21211, nothing sent", async () => {
      const connection = newConnection();
      for (const [kind, times, code] of [
        ["UNAVAILABLE", 3, 20503],
        ["PERMISSION_DENIED", 1, 20403],
        ["INVALID_REQUEST", 1, 21211],
        // Last: it rotates the account's token away.
        ["AUTH_REVOKED", 1, 20003],
      ] as const) {
        sandbox().host.inject("twilio", { kind }, times);
        const error = await sendFails(connection, sms("+14155550136", "hi"));
        expect(error).toMatchObject({ kind, details: { providerCode: code } });
      }
      expect(twilio().sentMessages(connection.settings.accountSid)).toEqual([]);
    });

    it("has no expiring tokens: AUTH_EXPIRED rotates the token (401, 20003), refused until the new one is entered", async () => {
      const connection = newConnection();
      sandbox().host.inject("twilio", { kind: "AUTH_EXPIRED" });
      const error = await sendFails(connection, sms("+14155550134", "hi"));
      expect(error).toMatchObject({ kind: "AUTH_REVOKED", details: { providerCode: 20003 } });
      expect((await failure(twilioConnector.verify(ctx(), connection))).kind).toBe("AUTH_REVOKED");
      const accountSid = connection.settings.accountSid!;
      connection.secrets.authToken = twilio().account(accountSid).authToken;
      await expect(twilioConnector.verify(ctx(), connection)).resolves.toMatchObject({
        externalAccountId: accountSid,
      });
    });
  });

  describe("a lost answer", () => {
    it("surfaces a lost template send as UNKNOWN_OUTCOME, sent exactly once", async () => {
      const connection = newConnection();
      sandbox().host.inject("twilio", {
        kind: "TIMEOUT_AFTER_SENDING",
        match: { method: "POST", path: "/Messages.json" },
      });
      const error = await failure(
        twilioConnector.send(ctx(200), connection, {
          messageId: "msg-lost",
          to: "+14155550138",
          template: { name: `HX${"b".repeat(32)}` },
        }),
      );
      expect(error.kind).toBe("UNKNOWN_OUTCOME");
      expect(twilio().sentMessages(connection.settings.accountSid)).toHaveLength(1);
    });

    it("follows Twilio's relative next_page_uri links while looking", async () => {
      const connection = newConnection();
      const startedAt = new Date();
      const first = await twilioConnector.send(ctx(), connection, sms("+14155550139", "first"));
      for (const text of ["second", "third", "fourth", "fifth"]) {
        await twilioConnector.send(ctx(), connection, sms("+14155550139", text));
      }
      const seen = sandbox().host.requests.length;
      const client = createTwilioClient(ctx(), connection);
      const criteria = { to: "+14155550139", from: connection.settings.fromNumber!, startedAt };
      const found = await findSentMessage(client, { ...criteria, body: "first" }, { pageSize: 2 });
      expect(found?.sid).toBe(first.providerMessageId);
      expect(sandbox().host.requests.length - seen).toBe(3);
      await expect(
        findSentMessage(client, { ...criteria, body: "never sent" }, { pageSize: 2 }),
      ).resolves.toBeUndefined();
      await expect(
        findSentMessage(client, { ...criteria, body: "never sent" }, { pageSize: 2, maxPages: 2 }),
      ).rejects.toThrow(/longer than the lookup reads/);
    });
  });
});
