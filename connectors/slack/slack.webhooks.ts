import { parseJson } from "../kit/json.js";
import { verifySlack } from "../kit/webhook-signatures.js";
import type { WebhookHandler, WebhookKeys, WebhookRequest } from "../kit/contracts/index.js";
import { toWebhookEvents } from "./slack.mapper.js";
import { parseUrlVerification } from "./slack.schemas.js";

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
