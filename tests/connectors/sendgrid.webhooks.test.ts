import { describe, expect, it } from "@jest/globals";
import { sendgridConnector } from "../../connectors/sendgrid/sendgrid.connector.js";
import { useSendgridFixture } from "./support/sendgrid.fixture.js";

// The Event Webhook: registering it, and the statuses and opt-outs it reports.
describe("the SendGrid connector against its sandbox", () => {
  const { sandbox, receiver, webhooks, sg, ctx, email, sentWith, registered, delivered, statuses } =
    useSendgridFixture();

  describe("the Event Webhook", () => {
    it("registers the connection's URL with the needed events, and signing", async () => {
      const { account, conn } = await registered();
      expect(conn.settings.webhookPublicKey).toBe(account.publicKey);
      expect(sg().eventWebhook(account.apiKey)).toMatchObject({
        enabled: true,
        url: `${receiver().url}/webhooks/sendgrid/${conn.id}`,
        signed: true,
        flags: {
          processed: true,
          delivered: true,
          open: true,
          bounce: true,
          dropped: true,
          unsubscribe: true,
          group_unsubscribe: true,
          spam_report: true,
          click: false,
          deferred: false,
        },
      });
    });

    it("posts signed events that verify and parse: processed, delivered, open", async () => {
      const { account, conn } = await registered();
      const message = email("reader-1@example.com");
      const { providerMessageId } = await sendgridConnector.send(ctx(), conn, message);
      const { requests, events } = await delivered(conn);
      for (const request of requests) {
        expect(
          webhooks.verify(request, { config: sandbox().configs.sendgrid, connection: conn }),
        ).toBe(true);
      }
      const mine = statuses(events, message.messageId);
      expect(mine.map(event => event.status).sort()).toEqual(["DELIVERED", "READ", "SENT"]);
      for (const event of mine) {
        expect(event).toMatchObject({ providerMessageId, occurredAt: expect.any(Date) });
      }
      expect(new Set(mine.map(event => event.eventId)).size).toBe(3);
      expect(sentWith(account.apiKey)).toHaveLength(1);
    });

    it("reports a bounce as FAILED with its SMTP status, then drops that address", async () => {
      const { conn } = await registered();
      const first = email("bounce-1@example.com");
      const second = email("bounce-1@example.com");
      await sendgridConnector.send(ctx(), conn, first);
      await delivered(conn);
      await sendgridConnector.send(ctx(), conn, second);
      const { events } = await delivered(conn);
      expect(statuses(events, first.messageId).map(e => [e.status, e.errorCode])).toEqual(
        expect.arrayContaining([
          ["SENT", undefined],
          ["FAILED", "5.1.1"],
        ]),
      );
      expect(statuses(events, second.messageId).map(e => [e.status, e.errorCode])).toEqual([
        ["FAILED", "Bounced Address"],
      ]);
    });

    it("turns an unsubscribe and a spam report into opt-outs, and later drops into opt-outs too", async () => {
      const { account, conn } = await registered();
      await sendgridConnector.send(ctx(), conn, email("leaver@example.com"));
      await delivered(conn);
      sg().unsubscribe("leaver@example.com");
      sg().spamReport("angry@example.com", { apiKey: account.apiKey });
      const later = email("leaver@example.com");
      await delivered(conn);
      await sendgridConnector.send(ctx(), conn, later);
      const { events } = await delivered(conn);
      const optOuts = events.flatMap(e => (e.type === "OPT_OUT" ? [[e.address, e.reason]] : []));
      expect(optOuts).toEqual(
        expect.arrayContaining([
          ["leaver@example.com", "unsubscribe"],
          ["angry@example.com", "spamreport"],
          ["leaver@example.com", "Unsubscribed Address"],
        ]),
      );
      expect(statuses(events, later.messageId)).toEqual([
        expect.objectContaining({ status: "FAILED", errorCode: "Unsubscribed Address" }),
      ]);
    });
  });
});
