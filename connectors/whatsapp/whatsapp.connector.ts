import type { ConnectionHandle } from "../kit/contracts/index.js";
import { ConnectorError } from "../kit/connector-error.js";
import type { MessagingConnector } from "../kit/contracts/index.js";
import { classifyWhatsapp } from "./whatsapp.classifier.js";
import { getPhoneNumber, sendMessage, subscribeApp } from "./whatsapp.client.js";
import { toMessageBody } from "./whatsapp.messages.js";
import { whatsappWebhooks } from "./whatsapp.webhooks.js";

/**
 * WhatsApp Cloud API: a system-user bearer token (no refresh), one business phone number per
 * connection, JSON sends, and app-level webhooks signed with the app secret.
 */
const PROVIDER = "whatsapp";

function accessToken(connection: Pick<ConnectionHandle, "secrets">): string {
  const token = connection.secrets.accessToken;
  if (!token) {
    throw new ConnectorError("AUTH_REVOKED", `${PROVIDER}: the connection has no access token`, {
      provider: PROVIDER,
    });
  }
  return token;
}

function phoneNumberId(connection: Pick<ConnectionHandle, "settings">): string {
  const id = connection.settings.phoneNumberId;
  if (!id) {
    throw new ConnectorError(
      "INVALID_REQUEST",
      `${PROVIDER}: the connection has no phoneNumberId`,
      {
        provider: PROVIDER,
      },
    );
  }
  return id;
}

export const whatsappConnector: MessagingConnector = {
  category: "MESSAGING",
  provider: PROVIDER,
  channel: "WHATSAPP",
  limits: { maxTextLength: 4096 },
  classify: classifyWhatsapp,
  credentialFields: {
    secrets: ["accessToken"],
    settings: ["phoneNumberId", "wabaId"],
    optional: ["wabaId"],
  },

  async verify(ctx, connection) {
    const node = await getPhoneNumber(ctx, accessToken(connection), phoneNumberId(connection));
    return {
      externalAccountId: node.id,
      displayName: `${node.verifiedName} (${node.displayPhoneNumber})`,
      settings: { displayPhoneNumber: node.displayPhoneNumber },
    };
  },

  async send(ctx, connection, message) {
    const body = toMessageBody(message);
    if (!body) {
      throw new ConnectorError(
        "INVALID_REQUEST",
        `${PROVIDER}: a message needs text or a template`,
        {
          provider: PROVIDER,
        },
      );
    }
    const sent = await sendMessage(ctx, accessToken(connection), phoneNumberId(connection), body);
    return { providerMessageId: sent.id };
  },

  /**
   * Webhooks go to the app's one callback URL (set in the Meta app dashboard), so the
   * per-connection URL is not used; what the API can do is subscribe the app to the connection's
   * WhatsApp Business Account, without which Meta sends none of its webhooks. Needs `wabaId`.
   */
  async register(ctx, connection) {
    const wabaId = connection.settings.wabaId;
    if (wabaId) {
      await subscribeApp(ctx, accessToken(connection), wabaId);
    }
  },

  webhooks: whatsappWebhooks,
};
