import { createHmac } from "node:crypto";
import type {
  WebhookEvent,
  WebhookHandler,
  WebhookReply,
  WebhookRequest,
} from "../../kit/contracts/index.js";
import { safeEqual } from "../../kit/webhook-signatures.js";

/**
 * Meta's app-level webhooks, the same for every Graph product: one callback URL per app, a GET
 * `hub.challenge` handshake with the app's verify token, and `X-Hub-Signature-256` over the raw
 * body with the app secret. Meta signs no timestamp, so a replay is recognised by its event id.
 * https://developers.facebook.com/docs/graph-api/webhooks/getting-started
 */

/** `sha256=` + hex HMAC-SHA256(app secret, raw body). */
export function signMeta(appSecret: string, rawBody: string | Buffer): string {
  return `sha256=${createHmac("sha256", appSecret).update(rawBody).digest("hex")}`;
}

export function verifyMeta(
  appSecret: string,
  rawBody: string | Buffer,
  header: string | undefined,
): boolean {
  return !!header && safeEqual(signMeta(appSecret, rawBody), header);
}

/**
 * GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…: the challenge echoed as text when
 * the verify token is the app's, 403 otherwise; undefined for any other method.
 */
export function answerHubChallenge(
  request: WebhookRequest,
  verifyToken: string | undefined,
): WebhookReply | undefined {
  if (request.method !== "GET") {
    return undefined;
  }
  const token = request.query.get("hub.verify_token") ?? "";
  const challenge = request.query.get("hub.challenge");
  const ok =
    request.query.get("hub.mode") === "subscribe" &&
    challenge !== null &&
    !!verifyToken &&
    safeEqual(token, verifyToken);
  return ok
    ? { status: 200, headers: { "content-type": "text/plain" }, body: challenge }
    : { status: 403 };
}

/**
 * A Graph product's webhook handler: the family's handshake and signature check (the app
 * secret is the deployment's webhook secret, also used as the verify token), and the product's
 * `parse` of the raw body.
 */
export function createMetaWebhooks<E extends WebhookEvent>(
  parse: (rawBody: Buffer) => E[],
): WebhookHandler<E> {
  return {
    scope: "app",
    handshake: (request, { config }) => answerHubChallenge(request, config.webhookSecret),
    verify: (request, { config }) =>
      !!config.webhookSecret &&
      verifyMeta(config.webhookSecret, request.rawBody, request.headers["x-hub-signature-256"]),
    parse: request => parse(request.rawBody),
    acknowledge: { status: 200 },
  };
}
