import { createHmac } from "node:crypto";
import type {
  CommerceWebhookEvent,
  WebhookHandler,
} from "../../../../connectors/kit/contracts/index.js";
import { parseJson } from "../../../../connectors/kit/json.js";
import { safeEqual } from "../../../../connectors/kit/webhook-signatures.js";
import { webhookEvents } from "./example-shop.mapper.js";
import { parseDelivery } from "./example-shop.schemas.js";

/** `X-Example-Hmac-Sha256`: base64 HMAC-SHA256(app client secret, raw body), as Shopify signs. */
export function signExampleShop(secret: string, rawBody: string | Buffer): string {
  return createHmac("sha256", secret).update(rawBody).digest("base64");
}

/**
 * App-level: every shop's webhooks come to one URL, signed with the app's client secret. The
 * signature covers no timestamp; `X-Example-Webhook-Id` is the event id a replay repeats.
 */
export const exampleShopWebhooks: WebhookHandler<CommerceWebhookEvent> = {
  scope: "app",
  verify(request, keys) {
    const secret = keys.config.clientSecret;
    const header = request.headers["x-example-hmac-sha256"];
    return !!secret && !!header && safeEqual(signExampleShop(secret, request.rawBody), header);
  },
  parse(request) {
    const delivery = parseDelivery(request.headers, parseJson(request.rawBody.toString("utf8")));
    return delivery ? webhookEvents(delivery) : [];
  },
  acknowledge: { status: 200 },
};
