import { ConnectorError } from "../kit/connector-error.js";
import type { MessagingConnector } from "../kit/contracts/index.js";
import { classifyGmail } from "./gmail.classifier.js";
import { createGmailClient } from "./gmail.client.js";
import { gmailMessageId, toSendBody } from "./gmail.mapper.js";
import { findSentMessage } from "./gmail.reconcile.js";

/**
 * Gmail (users.messages.send) as a messaging connector. OAuth 2 with PKCE and reusable refresh
 * tokens, from the catalog. Gmail sends no delivery receipts (Pub/Sub push is out of scope), so
 * there are no webhooks and a sent message stays SENT; bounces come back as mail.
 *
 * Connection: secrets `accessToken` (+ `refreshToken`), settings `emailAddress` (learned by
 * `verify`; the From address, read from the profile when missing).
 */
export const gmailConnector: MessagingConnector = {
  provider: "gmail",
  category: "MESSAGING",
  channel: "EMAIL",
  // RFC 5322 caps a line at 998 characters; the subject is one (folded) header.
  limits: { maxTextLength: 1_000_000, maxSubjectLength: 998 },
  classify: classifyGmail,

  async verify(ctx, connection) {
    const { emailAddress } = await createGmailClient(ctx, connection).getProfile();
    return {
      externalAccountId: emailAddress,
      displayName: emailAddress,
      settings: { emailAddress },
    };
  },

  async send(ctx, connection, message) {
    if (message.template) {
      throw new ConnectorError("INVALID_REQUEST", "gmail has no provider-side templates", {
        provider: "gmail",
      });
    }
    const client = createGmailClient(ctx, connection);
    const from = connection.settings.emailAddress ?? (await client.getProfile()).emailAddress;
    const { body, rfcMessageId } = toSendBody(message, from, new Date());
    const sent = await client.sendMessage(body, () => findSentMessage(client, rfcMessageId));
    return { providerMessageId: sent.id };
  },

  async lookup(ctx, connection, query) {
    const client = createGmailClient(ctx, connection);
    const found = await findSentMessage(client, gmailMessageId(query.messageId));
    // No delivery receipts: a message in the mailbox is SENT.
    return found && { providerMessageId: found.id, status: "SENT" };
  },
};
