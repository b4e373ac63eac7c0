import { describe, expect, it } from "@jest/globals";
import { gmailConnector } from "../../connectors/gmail/gmail.connector.js";
import { GMAIL_SCOPES } from "../../connectors/gmail/gmail.oauth.js";
import { slackConnector } from "../../connectors/slack/slack.connector.js";
import { twilioConnector } from "../../connectors/twilio/twilio.connector.js";
import { eventually } from "../support/connections.js";
import { useGmailFixture } from "./support/gmail.fixture.js";
import { failure, messageId, useSlackFixture } from "./support/slack.fixture.js";
import { sms, useTwilioFixture } from "./support/twilio.fixture.js";

// Each connector's `lookup`: the provider's record of a message whose send was never recorded.
// Which connectors have one (SendGrid and WhatsApp cannot find a message again) is the messaging
// conformance suite's, with how a lost answer ends for each.
describe("messaging lookups against the provider sandboxes", () => {
  // A second ago: the sandboxes' clocks are ours, and Twilio dates have whole seconds.
  const justBefore = () => new Date(Date.now() - 1_000);

  describe("Twilio (by number pair and text)", () => {
    const { twilio, ctx, newConnection } = useTwilioFixture();

    it("finds a sent message with its sid and current delivery state", async () => {
      const connection = newConnection();
      const sentAfter = justBefore();
      const delivered = sms("+14155550141", "Found again");
      const failed = sms("+14155559999", "Never delivered");
      const first = await twilioConnector.send(ctx(), connection, delivered);
      const second = await twilioConnector.send(ctx(), connection, failed);
      // The sandbox moves each message on (queued, sent, then its outcome): wait for the outcomes.
      await eventually(() =>
        twilio()
          .sentMessages(connection.settings.accountSid)
          .every(message => ["delivered", "undelivered"].includes(message.status)),
      );
      const lookup = (message: typeof delivered) =>
        twilioConnector.lookup!(ctx(), connection, {
          messageId: message.messageId,
          to: message.to,
          text: message.text!,
          sentAfter,
        });
      await expect(lookup(delivered)).resolves.toEqual({
        providerMessageId: first.providerMessageId,
        status: "DELIVERED",
      });
      await expect(lookup(failed)).resolves.toEqual({
        providerMessageId: second.providerMessageId,
        status: "FAILED",
        errorCode: "30003",
      });
    });

    it("answers undefined when the complete list has no such message", async () => {
      const connection = newConnection();
      await twilioConnector.send(ctx(), connection, sms("+14155550142", "Another text"));
      const found = await twilioConnector.lookup!(ctx(), connection, {
        messageId: "msg-none",
        to: "+14155550142",
        text: "Never sent",
        sentAfter: justBefore(),
      });
      expect(found).toBeUndefined();
    });

    it("cannot tell for a template send (no text to match): UNKNOWN_OUTCOME", async () => {
      const error = await failure(
        twilioConnector.lookup!(ctx(), newConnection(), {
          messageId: "msg-template",
          to: "+14155550143",
          sentAfter: justBefore(),
        }),
      );
      expect(error.kind).toBe("UNKNOWN_OUTCOME");
    });
  });

  describe("Slack (by the metadata carrying our id)", () => {
    const { ctx, demo } = useSlackFixture();

    it("finds a post by our id, and answers undefined for one never posted", async () => {
      const id = messageId();
      const sentAfter = justBefore();
      const posted = await slackConnector.send(ctx(), demo, {
        messageId: id,
        to: "C0SANDBOX01",
        text: "Posted once",
      });
      const query = { messageId: id, to: "C0SANDBOX01", sentAfter };
      await expect(slackConnector.lookup!(ctx(), demo, query)).resolves.toEqual({
        providerMessageId: posted.providerMessageId,
        status: "SENT",
      });
      await expect(
        slackConnector.lookup!(ctx(), demo, { ...query, messageId: messageId() }),
      ).resolves.toBeUndefined();
    });

    it("cannot read a #name's history: UNKNOWN_OUTCOME", async () => {
      const error = await failure(
        slackConnector.lookup!(ctx(), demo, {
          messageId: messageId(),
          to: "#marketing",
          sentAfter: justBefore(),
        }),
      );
      expect(error.kind).toBe("UNKNOWN_OUTCOME");
    });
  });

  describe("Gmail (by the Message-ID made from our id)", () => {
    const { ctx, connection, message } = useGmailFixture();

    it("finds a sent message, and answers undefined for one never sent", async () => {
      const owner = connection();
      const outbound = message();
      const sent = await gmailConnector.send(ctx(), owner, outbound);
      const query = { messageId: outbound.messageId, to: outbound.to, sentAfter: justBefore() };
      await expect(gmailConnector.lookup!(ctx(), owner, query)).resolves.toEqual({
        providerMessageId: sent.providerMessageId,
        status: "SENT",
      });
      await expect(
        gmailConnector.lookup!(ctx(), owner, { ...query, messageId: "msg-never-sent" }),
      ).resolves.toBeUndefined();
    });

    it("without read access the search is refused, for good (not retryable)", async () => {
      const error = await failure(
        gmailConnector.lookup!(ctx(), connection([GMAIL_SCOPES.send]), {
          messageId: "msg-send-only",
          to: "reader@example.com",
          sentAfter: justBefore(),
        }),
      );
      expect(error.retryable).toBe(false);
    });
  });
});
