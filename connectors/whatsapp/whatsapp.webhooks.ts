import { createMetaWebhooks } from "../families/meta/meta.webhooks.js";
import { toWebhookEvents } from "./whatsapp.mapper.js";

/**
 * Meta's app-level webhooks for WhatsApp: the family's `hub.challenge` handshake and
 * `X-Hub-Signature-256` check with the app secret; the `whatsapp_business_account` payloads
 * (statuses, inbound messages, `user_preferences`) are read by the mapper.
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/overview
 */
export const whatsappWebhooks = createMetaWebhooks(toWebhookEvents);
