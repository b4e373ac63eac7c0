import { describe, expect, it } from "@jest/globals";
import { sendgridConnector } from "../../connectors/sendgrid/sendgrid.connector.js";
import { useSendgridFixture } from "./support/sendgrid.fixture.js";

// Transient failures: outages and rate limits are waited out, a lost answer is never resent.
describe("the SendGrid connector against its sandbox", () => {
  const {
    sandbox,
    sg,
    ctx,
    api,
    failure,
    connection,
    email,
    sentWith,
    registered,
    delivered,
    statuses,
  } = useSendgridFixture();

  describe("errors, in SendGrid's wire format", () => {
    it("retries a 503 once (SendGrid did not act) and sends the message once", async () => {
      const account = sg().createAccount();
      sandbox().host.inject("sendgrid", { kind: "UNAVAILABLE", match: { path: "/v3/mail/send" } });
      const waited = sandbox().waits.length;
      await sendgridConnector.send(ctx(), connection(account), email("e@example.com"));
      expect(sandbox().waits.length).toBe(waited + 1);
      // A backoff (base 10 ms here), not the quota window's X-RateLimit-Reset every answer carries.
      expect(sandbox().waits[waited]).toBeLessThanOrEqual(10);
      expect(sentWith(account.apiKey)).toHaveLength(1);
    });

    it("surfaces UNAVAILABLE when SendGrid stays down", async () => {
      const account = sg().createAccount();
      sandbox().host.inject("sendgrid", { kind: "UNAVAILABLE", match: { path: "/v3/scopes" } }, 3);
      const error = await failure(sendgridConnector.verify(ctx(), connection(account)));
      expect(error).toMatchObject({ kind: "UNAVAILABLE", details: { providerCode: 503 } });
    });

    it("waits until the epoch X-RateLimit-Reset of a 429, then sends once", async () => {
      const account = sg().createAccount();
      sandbox().host.inject("sendgrid", {
        kind: "RATE_LIMITED",
        retryAfterSeconds: 7,
        match: { path: "/v3/mail/send" },
      });
      const waited = sandbox().waits.length;
      await sendgridConnector.send(ctx(), connection(account), email("f@example.com"));
      const waits = sandbox().waits.slice(waited);
      expect(waits).toHaveLength(1);
      // The reset is whole epoch seconds, rounded up: 7 to 8 seconds from when it was announced.
      expect(waits[0]).toBeGreaterThan(6_000);
      expect(waits[0]).toBeLessThanOrEqual(8_000);
      expect(sentWith(account.apiKey)).toHaveLength(1);
    });

    it("counts requests in X-RateLimit-* headers and answers 429 past the limit", async () => {
      const account = sg().createAccount();
      const response = await fetch(api("/v3/scopes"), {
        headers: { authorization: `Bearer ${account.apiKey}` },
      });
      expect(response.headers.get("x-ratelimit-limit")).toBe("600");
      expect(response.headers.get("x-ratelimit-remaining")).toBe("599");
      expect(Number(response.headers.get("x-ratelimit-reset"))).toBeGreaterThan(1_000_000_000);
      sg().setRateLimit(1);
      try {
        // The first verify may still fit the window; the second cannot.
        await sendgridConnector.verify(ctx(), connection(account)).catch(() => undefined);
        const error = await failure(sendgridConnector.verify(ctx(), connection(account)));
        expect(error).toMatchObject({ kind: "RATE_LIMITED", details: { providerCode: 429 } });
        expect(error.details.retryAfterMs).toBeGreaterThanOrEqual(0);
        expect(error.details.retryAfterMs).toBeLessThanOrEqual(60_000);
      } finally {
        sg().setRateLimit(600);
      }
    });

    it("surfaces a timeout after sending as UNKNOWN_OUTCOME, never resends, and the webhook names it", async () => {
      const { account, conn } = await registered();
      sandbox().host.inject("sendgrid", {
        kind: "TIMEOUT_AFTER_SENDING",
        match: { path: "/v3/mail/send" },
      });
      const message = email("g@example.com");
      const error = await failure(sendgridConnector.send(ctx(200), conn, message));
      expect(error.kind).toBe("UNKNOWN_OUTCOME");
      const sent = sentWith(account.apiKey);
      expect(sent).toHaveLength(1);
      const { events } = await delivered(conn);
      expect(statuses(events, message.messageId)).toContainEqual(
        expect.objectContaining({ status: "SENT", providerMessageId: sent[0]!.xMessageId }),
      );
    });
  });
});
