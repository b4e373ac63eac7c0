import type { ConnectionHandle, Secrets } from "../kit/contracts/index.js";
import { ConnectorError } from "../kit/connector-error.js";
import type { MessagingConnector } from "../kit/contracts/index.js";
import { classifyGmail } from "./gmail.classifier.js";
import { findByRfc822MessageId, getProfile, sendRawMessage } from "./gmail.client.js";
import { buildMimeMessage, gmailMessageId } from "./gmail.mime.js";

/**
 * Gmail (users.messages.send) as a messaging connector. OAuth 2 with PKCE and reusable refresh
 * tokens, from the catalog. Gmail sends no delivery receipts (Pub/Sub push is out of scope), so
 * there are no webhooks and a sent message stays SENT.
 *
 * Connection: secrets `accessToken` (+ `refreshToken`), settings `emailAddress` (learned by
 * `verify`; the From address).
 */
function accessToken(secrets: Secrets): string {
  const token = secrets.accessToken;
  if (!token) {
    // No access token yet: the runtime refreshes on AUTH_EXPIRED and replays.
    throw new ConnectorError("AUTH_EXPIRED", "gmail: the connection has no access token", {
      provider: "gmail",
    });
  }
  return token;
}

export const gmailConnector: MessagingConnector = {
  provider: "gmail",
  category: "MESSAGING",
  channel: "EMAIL",
  // RFC 5322 caps a line at 998 characters; the subject is one (folded) header.
  limits: { maxTextLength: 1_000_000, maxSubjectLength: 998 },
  classify: classifyGmail,

  async verify(ctx, connection) {
    const profile = await getProfile(ctx, accessToken(connection.secrets));
    return {
      externalAccountId: profile.emailAddress,
      displayName: profile.emailAddress,
      settings: { emailAddress: profile.emailAddress },
    };
  },

  async send(ctx, connection: ConnectionHandle, message) {
    if (message.template) {
      throw new ConnectorError("INVALID_REQUEST", "gmail has no provider-side templates", {
        provider: "gmail",
      });
    }
    const token = accessToken(connection.secrets);
    const from = connection.settings.emailAddress ?? (await getProfile(ctx, token)).emailAddress;
    const rfcMessageId = gmailMessageId(message.messageId);
    const raw = buildMimeMessage({
      from,
      to: message.to,
      ...(message.subject !== undefined ? { subject: message.subject } : {}),
      ...(message.text !== undefined ? { text: message.text } : {}),
      ...(message.html !== undefined ? { html: message.html } : {}),
      messageId: rfcMessageId,
      date: new Date(),
    });
    const sent = await sendRawMessage(ctx, token, raw, rfcMessageId);
    return { providerMessageId: sent.id };
  },

  async lookup(ctx, connection, query) {
    // Every message carries a Message-ID made from Crosscast's id: the search send reconciles with.
    const rfcMessageId = gmailMessageId(query.messageId);
    const found = await findByRfc822MessageId(ctx, accessToken(connection.secrets), rfcMessageId);
    // No delivery receipts: a message in the mailbox is SENT.
    return found && { providerMessageId: found.id, status: "SENT" };
  },
};
