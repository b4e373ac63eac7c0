import { describe, expect, it } from "@jest/globals";
import { whatsappConnector } from "../../connectors/whatsapp/whatsapp.connector.js";
import { useWhatsappFixture, connectionOf, failure, text } from "./support/whatsapp.fixture.js";

// The sandbox's injected faults: rate limits, outages, dead tokens and lost answers.
describe("WhatsApp Cloud API connector against its sandbox", () => {
  const { sandbox, account, wa, ctx, acceptedFor, events } = useWhatsappFixture();

  describe("errors, each in Meta's wire format", () => {
    it("RATE_LIMITED: waits the minutes Meta announces in X-Business-Use-Case-Usage, then sends once", async () => {
      sandbox().host.inject("whatsapp", {
        kind: "RATE_LIMITED",
        retryAfterSeconds: 60,
        match: { method: "POST", path: "/messages" },
      });
      const message = text("15550102011");
      await whatsappConnector.send(ctx(), connectionOf(account()), message);
      expect(sandbox().waits).toEqual([60_000]);
      expect(acceptedFor(message.messageId)).toHaveLength(1);
    });

    it("RATE_LIMITED: a wait longer than the core holds a caller is handed back, not retried", async () => {
      sandbox().host.inject("whatsapp", {
        kind: "RATE_LIMITED",
        retryAfterSeconds: 300,
        match: { method: "GET" },
      });
      const before = sandbox().host.requests.length;
      const error = await failure(whatsappConnector.verify(ctx(), connectionOf(account())));
      expect(error).toMatchObject({
        kind: "RATE_LIMITED",
        details: { providerCode: 80007, retryAfterMs: 300_000 },
      });
      expect(sandbox().host.requests.length - before).toBe(1);
      expect(sandbox().waits).toEqual([]);
    });

    it("UNAVAILABLE: a transient (#2) 503 is retried, even for a send, and sent once", async () => {
      sandbox().host.inject("whatsapp", { kind: "UNAVAILABLE", match: { path: "/messages" } });
      const message = text("15550102012");
      await whatsappConnector.send(ctx(), connectionOf(account()), message);
      expect(acceptedFor(message.messageId)).toHaveLength(1);
      sandbox().host.inject("whatsapp", { kind: "UNAVAILABLE", match: { method: "GET" } }, 3);
      const error = await failure(whatsappConnector.verify(ctx(), connectionOf(account())));
      expect(error).toMatchObject({ kind: "UNAVAILABLE", details: { providerCode: 2 } });
    });

    it("AUTH_EXPIRED: 190/463 stays expired (system-user tokens have no refresh) until a new token is issued", async () => {
      sandbox().host.inject("whatsapp", { kind: "AUTH_EXPIRED", match: { path: "/messages" } });
      const connection = connectionOf(account());
      const message = text("15550102013");
      const error = await failure(whatsappConnector.send(ctx(), connection, message));
      expect(error).toMatchObject({ kind: "AUTH_EXPIRED", details: { providerCode: 190 } });
      expect(acceptedFor(message.messageId)).toEqual([]);
      expect((await failure(whatsappConnector.verify(ctx(), connection))).kind).toBe(
        "AUTH_EXPIRED",
      );
      const renewed = wa().issueToken(account().phoneNumberId);
      await expect(
        whatsappConnector.send(
          ctx(),
          connectionOf({ ...account(), accessToken: renewed }),
          message,
        ),
      ).resolves.toHaveProperty("providerMessageId");
    });

    it("AUTH_REVOKED: a revoked token (190/460) stays revoked; unknown and missing tokens too", async () => {
      sandbox().host.inject("whatsapp", { kind: "AUTH_REVOKED" });
      const connection = connectionOf(account());
      expect(await failure(whatsappConnector.verify(ctx(), connection))).toMatchObject({
        kind: "AUTH_REVOKED",
        details: { providerCode: 190 },
      });
      expect(
        (await failure(whatsappConnector.send(ctx(), connection, text("15550102014")))).kind,
      ).toBe("AUTH_REVOKED");
      const unknown = connectionOf({ ...account(), accessToken: "EAAnot-a-real-token" });
      expect((await failure(whatsappConnector.verify(ctx(), unknown))).kind).toBe("AUTH_REVOKED");
      const empty = connectionOf({ ...account(), accessToken: "" });
      expect((await failure(whatsappConnector.verify(ctx(), empty))).kind).toBe("AUTH_REVOKED");
    });

    it("a timeout after sending surfaces UNKNOWN_OUTCOME, is never resent, and the status webhook resolves it", async () => {
      sandbox().host.inject("whatsapp", {
        kind: "TIMEOUT_AFTER_SENDING",
        match: { path: "/messages" },
      });
      const message = text("15550102015");
      const error = await failure(
        whatsappConnector.send(ctx(200), connectionOf(account()), message),
      );
      expect(error.kind).toBe("UNKNOWN_OUTCOME");
      const accepted = acceptedFor(message.messageId);
      expect(accepted).toHaveLength(1);
      const resolved = (await events()).filter(
        e => e.type === "MESSAGE_STATUS" && e.messageId === message.messageId,
      );
      expect(resolved[0]).toMatchObject({ status: "SENT", providerMessageId: accepted[0]?.id });
      expect(acceptedFor(message.messageId)).toHaveLength(1);
    });
  });
});
