import { describe, expect, it } from "@jest/globals";
import { createTwilioClient } from "../../connectors/twilio/twilio.client.js";
import { twilioConnector } from "../../connectors/twilio/twilio.connector.js";
import { findSentMessage } from "../../connectors/twilio/twilio.reconcile.js";
import { useTwilioFixture, failure, sms } from "./support/twilio.fixture.js";

// The sandbox's injected faults, and a send whose answer was lost found again in the list.
describe("the Twilio SMS connector against its sandbox", () => {
  const { sandbox, twilio, ctx, newConnection, sendFails } = useTwilioFixture();

  describe("faults", () => {
    it("waits the Retry-After a 429 (20429) announces, then sends once", async () => {
      const connection = newConnection();
      sandbox().host.inject("twilio", {
        kind: "RATE_LIMITED",
        retryAfterSeconds: 3,
        match: { method: "POST", path: "/Messages.json" },
      });
      await twilioConnector.send(ctx(), connection, sms("+14155550131", "hi"));
      expect(sandbox().waits).toEqual([3_000]);
      expect(twilio().sentMessages(connection.settings.accountSid)).toHaveLength(1);
    });

    it("backs off on a 429 without Retry-After (Twilio's usual 20429), and gives up as RATE_LIMITED", async () => {
      const connection = newConnection();
      sandbox().host.inject("twilio", { kind: "RATE_LIMITED" }, 3);
      const error = await sendFails(connection, sms("+14155550132", "hi"));
      expect(error).toMatchObject({ kind: "RATE_LIMITED", details: { providerCode: 20429 } });
      expect(error.details.retryAfterMs).toBeUndefined();
      expect(sandbox().waits).toHaveLength(2);
      expect(twilio().sentMessages(connection.settings.accountSid)).toEqual([]);
    });

    it("retries a 503 (20503, not processed) and sends exactly once, or ends UNAVAILABLE", async () => {
      const connection = newConnection();
      sandbox().host.inject("twilio", { kind: "UNAVAILABLE" });
      await twilioConnector.send(ctx(), connection, sms("+14155550133", "hi"));
      expect(twilio().sentMessages(connection.settings.accountSid)).toHaveLength(1);
      sandbox().host.inject("twilio", { kind: "UNAVAILABLE" }, 3);
      const error = await failure(twilioConnector.verify(ctx(), connection));
      expect(error).toMatchObject({ kind: "UNAVAILABLE", details: { providerCode: 20503 } });
    });

    it("has no expiring tokens: AUTH_EXPIRED renders as a rotated token (401, 20003), read as AUTH_REVOKED for good", async () => {
      const connection = newConnection();
      sandbox().host.inject("twilio", { kind: "AUTH_EXPIRED" });
      const error = await sendFails(connection, sms("+14155550134", "hi"));
      expect(error).toMatchObject({ kind: "AUTH_REVOKED", details: { providerCode: 20003 } });
      // No refresh exists: the old token stays refused until the user enters the new one.
      const again = await failure(twilioConnector.verify(ctx(), connection));
      expect(again.kind).toBe("AUTH_REVOKED");
      const accountSid = connection.settings.accountSid!;
      connection.secrets.authToken = twilio().account(accountSid).authToken;
      await expect(twilioConnector.verify(ctx(), connection)).resolves.toMatchObject({
        externalAccountId: accountSid,
      });
    });

    it("reads a revoked token as AUTH_REVOKED, and the token stays revoked", async () => {
      const connection = newConnection();
      sandbox().host.inject("twilio", { kind: "AUTH_REVOKED" });
      const error = await failure(twilioConnector.verify(ctx(), connection));
      expect(error).toMatchObject({ kind: "AUTH_REVOKED", details: { providerCode: 20003 } });
      const again = await sendFails(connection, sms("+14155550135", "hi"));
      expect(again.kind).toBe("AUTH_REVOKED");
      expect(twilio().sentMessages(connection.settings.accountSid)).toEqual([]);
    });

    it("reads a 403 (20403) as PERMISSION_DENIED and a 400 (21211) as INVALID_REQUEST", async () => {
      const connection = newConnection();
      sandbox().host.inject("twilio", { kind: "PERMISSION_DENIED" });
      const denied = await sendFails(connection, sms("+14155550136", "hi"));
      expect(denied).toMatchObject({ kind: "PERMISSION_DENIED", details: { providerCode: 20403 } });
      sandbox().host.inject("twilio", { kind: "INVALID_REQUEST" });
      const invalid = await sendFails(connection, sms("+14155550136", "hi"));
      expect(invalid).toMatchObject({ kind: "INVALID_REQUEST", details: { providerCode: 21211 } });
      expect(twilio().sentMessages(connection.settings.accountSid)).toEqual([]);
    });
  });

  describe("a lost answer", () => {
    it("finds the message again through the list and never sends it twice", async () => {
      const connection = newConnection();
      sandbox().host.inject("twilio", {
        kind: "TIMEOUT_AFTER_SENDING",
        match: { method: "POST", path: "/Messages.json" },
      });
      const seen = sandbox().host.requests.length;
      const { providerMessageId } = await twilioConnector.send(
        ctx(200),
        connection,
        sms("+14155550137", "only once"),
      );
      const sent = twilio().sentMessages(connection.settings.accountSid);
      expect(sent).toHaveLength(1);
      expect(sent[0]!.sid).toBe(providerMessageId);
      const calls = sandbox()
        .host.requests.slice(seen)
        .map(r => `${r.method} ${r.path}`);
      expect(calls.filter(call => call.startsWith("POST"))).toHaveLength(1);
      expect(calls.some(call => call.startsWith("GET") && call.endsWith("/Messages.json"))).toBe(
        true,
      );
    });

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
