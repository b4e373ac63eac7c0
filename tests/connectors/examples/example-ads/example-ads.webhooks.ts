import { createHmac } from "node:crypto";
import type {
  AdsWebhookEvent,
  WebhookHandler,
} from "../../../../connectors/kit/contracts/index.js";
import { parseJson } from "../../../../connectors/kit/json.js";
import { safeEqual } from "../../../../connectors/kit/webhook-signatures.js";
import { webhookEvents } from "./example-ads.mapper.js";
import { parseDelivery } from "./example-ads.schemas.js";

/** `X-Example-Signature: sha256=<hex HMAC-SHA256(app webhook secret, raw body)>`. No timestamp: a
 * replay is recognised by its `event_id`. */
export function signExampleAds(secret: string, rawBody: string | Buffer): string {
  return `sha256=${createHmac("sha256", secret).update(rawBody).digest("hex")}`;
}

/** App-level: one URL for every advertiser, signed with the app's webhook secret. */
export const exampleAdsWebhooks: WebhookHandler<AdsWebhookEvent> = {
  scope: "app",
  verify(request, keys) {
    const secret = keys.config.webhookSecret;
    const header = request.headers["x-example-signature"];
    return !!secret && !!header && safeEqual(signExampleAds(secret, request.rawBody), header);
  },
  parse(request) {
    const delivery = parseDelivery(parseJson(request.rawBody.toString("utf8")));
    return delivery ? webhookEvents(delivery) : [];
  },
  acknowledge: { status: 200 },
};
