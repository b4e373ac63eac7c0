import { describe, expect, it } from "@jest/globals";
import { twilioConnector } from "../../connectors/twilio/twilio.connector.js";
import { TWILIO_DEMO_ACCOUNT } from "../../connectors/twilio/twilio.sandbox.js";
import { useTwilioFixture, failure, sms } from "./support/twilio.fixture.js";

// Verifying an account, and sending SMS and templates with Twilio's refusals of bad ones.
describe("the Twilio SMS connector against its sandbox", () => {
  const { twilio, ctx, newConnection, webhookUrl, sendFails, webhooksOf } = useTwilioFixture();

  describe("verify", () => {
    it("accepts the demo account with no control call, and names it", async () => {
      const identity = await twilioConnector.verify(ctx(), {
        secrets: { ...TWILIO_DEMO_ACCOUNT.secrets },
        settings: { ...TWILIO_DEMO_ACCOUNT.settings },
      });
      expect(identity).toEqual({
        externalAccountId: TWILIO_DEMO_ACCOUNT.accountSid,
        displayName: "Crosscast demo",
        settings: { phoneNumberSid: TWILIO_DEMO_ACCOUNT.phoneNumberSid },
      });
      expect(TWILIO_DEMO_ACCOUNT.accountSid).toMatch(/^AC[0-9a-f]{32}$/);
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
      connection.settings.fromNumber = TWILIO_DEMO_ACCOUNT.fromNumber;
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

    it("has no errors inside HTTP 200: an undeliverable number is accepted (201), and fails later by callback", async () => {
      const connection = newConnection();
      const { providerMessageId } = await twilioConnector.send(ctx(), connection, {
        ...sms("+14155559999", "hi"),
        statusCallbackUrl: webhookUrl(connection),
      });
      const requests = await webhooksOf(connection);
      const events = requests.flatMap(request => twilioConnector.webhooks!.parse(request));
      expect(
        events.find(event => event.type === "MESSAGE_STATUS" && event.status === "FAILED"),
      ).toMatchObject({
        type: "MESSAGE_STATUS",
        providerMessageId,
        status: "FAILED",
        errorCode: "30003",
      });
    });
  });
});
