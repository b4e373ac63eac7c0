import { ConnectorError } from "../kit/connector-error.js";
import type { MessagingConnector } from "../kit/contracts/index.js";
import { classifyWhatsapp } from "./whatsapp.classifier.js";
import { createWhatsappClient } from "./whatsapp.client.js";
import { toMessageBody } from "./whatsapp.mapper.js";
import { whatsappWebhooks } from "./whatsapp.webhooks.js";

/**
 * WhatsApp Cloud API: a system-user bearer token (no refresh), one business phone number per
 * connection, JSON sends, and app-level webhooks signed with the app secret.
 */
export const whatsappConnector: MessagingConnector = {
  category: "MESSAGING",
  provider: "whatsapp",
  channel: "WHATSAPP",
  limits: { maxTextLength: 4096 },
  classify: classifyWhatsapp,
  credentialFields: {
    secrets: ["accessToken"],
    settings: ["phoneNumberId", "wabaId"],
    optional: ["wabaId"],
  },

  async verify(ctx, connection) {
    const node = await createWhatsappClient(ctx, connection).getPhoneNumber();
    return {
      externalAccountId: node.id,
      displayName: `${node.verifiedName} (${node.displayPhoneNumber})`,
      settings: { displayPhoneNumber: node.displayPhoneNumber },
    };
  },

  async send(ctx, connection, message) {
    const body = toMessageBody(message);
    if (!body) {
      throw new ConnectorError("INVALID_REQUEST", "whatsapp: a message needs text or a template", {
        provider: "whatsapp",
      });
    }
    const sent = await createWhatsappClient(ctx, connection).sendMessage(body);
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
      await createWhatsappClient(ctx, connection).subscribeApp(wabaId);
    }
  },

  webhooks: whatsappWebhooks,
};
