import { ConnectorError } from "../kit/connector-error.js";
import type { MessagingConnector } from "../kit/contracts/index.js";
import { requireSetting } from "../kit/credentials.js";
import { classifySendgrid } from "./sendgrid.classifier.js";
import { createSendgridClient } from "./sendgrid.client.js";
import { buildMailSend, eventWebhookSettings } from "./sendgrid.mapper.js";
import { sendgridWebhooks } from "./sendgrid.webhooks.js";

/** The scope a key needs to send; verify refuses keys without it. */
export const MAIL_SEND_SCOPE = "mail.send";

/**
 * SendGrid email: an API key (`Authorization: Bearer SG.…`), a verified sender address, and the
 * Event Webhook for statuses and opt-outs. Stateless: everything comes from the context and the
 * connection handed to each call.
 */
export const sendgridConnector: MessagingConnector = {
  provider: "sendgrid",
  category: "MESSAGING",
  channel: "EMAIL",
  // SendGrid caps the whole message at 30 MB; the subject line follows RFC 5322's 998 characters.
  limits: { maxTextLength: 1_000_000, maxSubjectLength: 998 },
  // fromEmail must be a verified sender of the account; fromName is an optional display name.
  credentialFields: { secrets: ["apiKey"], settings: ["fromEmail"], optional: ["fromName"] },
  classify: classifySendgrid,

  async verify(ctx, connection) {
    const client = createSendgridClient(ctx, connection);
    const scopes = await client.listScopes();
    if (!scopes.includes(MAIL_SEND_SCOPE)) {
      throw new ConnectorError(
        "PERMISSION_DENIED",
        `sendgrid: the API key lacks the ${MAIL_SEND_SCOPE} scope`,
        { provider: "sendgrid", providerCode: MAIL_SEND_SCOPE },
      );
    }
    const user = await client.getUsername();
    return { externalAccountId: user.userId, displayName: user.username };
  },

  async send(ctx, connection, message) {
    const client = createSendgridClient(ctx, connection);
    const fromEmail = requireSetting(ctx.config, connection, "fromEmail");
    const fromName = connection.settings.fromName;
    const body = buildMailSend(message, {
      email: fromEmail,
      ...(fromName ? { name: fromName } : {}),
    });
    const { messageId } = await client.sendMail(body);
    return { providerMessageId: messageId };
  },

  async register(ctx, connection, { webhookUrl }) {
    const client = createSendgridClient(ctx, connection);
    await client.updateEventWebhook(eventWebhookSettings(webhookUrl));
    const { publicKey } = await client.enableSignedEventWebhook();
    return { webhookPublicKey: publicKey };
  },

  webhooks: sendgridWebhooks,
};
