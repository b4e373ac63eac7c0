import { createHmac } from "node:crypto";
import { safeEqual } from "../kit/webhook-signatures.js";
import { parseJson } from "../kit/json.js";
import type { WebhookHandler, WebhookKeys, WebhookRequest } from "../kit/contracts/index.js";
import { toWebhookEvents } from "./slack.mapper.js";
import { parseUrlVerification } from "./slack.schemas.js";

/** Slack v0: `v0=` + hex HMAC-SHA256(signing secret, "v0:{timestamp}:{body}"), within 5 minutes. */
export const SLACK_WINDOW_SECONDS = 5 * 60;

export function signSlack(signingSecret: string, timestamp: number, rawBody: string): string {
  return `v0=${createHmac("sha256", signingSecret).update(`v0:${timestamp}:${rawBody}`).digest("hex")}`;
}

export function verifySlack(
  signingSecret: string,
  rawBody: string,
  timestampHeader: string | undefined,
  signature: string | undefined,
  nowSeconds = Math.floor(Date.now() / 1000),
): boolean {
  const timestamp = Number(timestampHeader);
  if (
    !signature ||
    !Number.isInteger(timestamp) ||
    Math.abs(nowSeconds - timestamp) > SLACK_WINDOW_SECONDS
  ) {
    return false;
  }
  return safeEqual(signSlack(signingSecret, timestamp, rawBody), signature);
}

/**
 * Slack Events API (https://docs.slack.dev/apis/events-api/): one app-level Request URL, signed
 * with the app's signing secret (v0 HMAC over `v0:{timestamp}:{body}`, refused outside a
 * 5-minute window). Event callbacks carry `event_id`, the deduplication key, and `team_id`.
 */
function verifySlackRequest(request: WebhookRequest, keys: WebhookKeys): boolean {
  const secret = keys.config.webhookSecret;
  return (
    !!secret &&
    verifySlack(
      secret,
      request.rawBody.toString("utf8"),
      request.headers["x-slack-request-timestamp"],
      request.headers["x-slack-signature"],
    )
  );
}

function bodyOf(request: WebhookRequest): unknown {
  return parseJson(request.rawBody.toString("utf8"));
}

export const slackWebhooks: WebhookHandler = {
  scope: "app",

  /** `url_verification`: echo the challenge, but only for a request Slack signed. */
  handshake(request, keys) {
    const challenge = parseUrlVerification(bodyOf(request));
    if (!challenge || !verifySlackRequest(request, keys)) {
      return undefined;
    }
    return {
      status: 200,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ challenge }),
    };
  },

  verify: verifySlackRequest,

  parse: request => toWebhookEvents(bodyOf(request)),

  acknowledge: { status: 200 },
};
