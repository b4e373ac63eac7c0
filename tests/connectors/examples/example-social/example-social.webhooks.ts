import { createHmac } from "node:crypto";
import type {
  SocialWebhookEvent,
  WebhookHandler,
} from "../../../../connectors/kit/contracts/index.js";
import { parseJson } from "../../../../connectors/kit/json.js";
import { safeEqual } from "../../../../connectors/kit/webhook-signatures.js";
import { webhookEvents } from "./example-social.mapper.js";
import { parseDelivery } from "./example-social.schemas.js";

/** Deliveries older (or newer) than this are refused: a captured delivery cannot be replayed. */
export const EXAMPLE_SOCIAL_WINDOW_SECONDS = 5 * 60;

/** `Example-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(app webhook secret, "<t>.<raw body>")>`. */
export function signExampleSocial(
  secret: string,
  timestamp: number,
  rawBody: string | Buffer,
): string {
  const mac = createHmac("sha256", secret).update(`${timestamp}.`).update(rawBody).digest("hex");
  return `t=${timestamp},v1=${mac}`;
}

export function verifyExampleSocial(
  secret: string,
  rawBody: Buffer,
  header: string | undefined,
  nowSeconds = Math.floor(Date.now() / 1000),
): boolean {
  const parts = new Map(
    (header ?? "").split(",").map(part => {
      const at = part.indexOf("=");
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    }),
  );
  const timestamp = Number(parts.get("t"));
  const signature = parts.get("v1");
  if (!signature || !Number.isInteger(timestamp)) {
    return false;
  }
  if (Math.abs(nowSeconds - timestamp) > EXAMPLE_SOCIAL_WINDOW_SECONDS) {
    return false;
  }
  return safeEqual(signExampleSocial(secret, timestamp, rawBody), `t=${timestamp},v1=${signature}`);
}

/** One app-level webhook URL for every account, signed with the app's webhook secret. */
export const exampleSocialWebhooks: WebhookHandler<SocialWebhookEvent> = {
  scope: "app",
  verify(request, keys) {
    const secret = keys.config.webhookSecret;
    return (
      !!secret && verifyExampleSocial(secret, request.rawBody, request.headers["example-signature"])
    );
  },
  parse(request) {
    const delivery = parseDelivery(parseJson(request.rawBody.toString("utf8")));
    return delivery ? webhookEvents(delivery) : [];
  },
  acknowledge: { status: 204 },
};
