import { randomBytes } from "node:crypto";
import type { JsonRecord } from "../kit/json.js";
import { signSlack } from "./slack.webhooks.js";
import { deliveryTimeline, sendTimeline, type TimelineStep } from "../sandbox/delivery-timeline.js";
import type { SandboxEnvironment } from "../sandbox/sandbox.js";
import type { OutgoingWebhook } from "../sandbox/webhook-sender.js";
import { SANDBOX_APP_ID, type SandboxWorkspace } from "./slack.sandbox-state.js";

/**
 * The Events API requests Slack sends to the app's Request URL (`env.appWebhookUrl()`), signed
 * with the app's signing secret: `X-Slack-Signature: v0=HMAC-SHA256(secret, v0:{ts}:{body})` and
 * `X-Slack-Request-Timestamp` (https://docs.slack.dev/authentication/verifying-requests-from-slack).
 */
type Signed = Omit<OutgoingWebhook, "delayMs">;

/** One signed request; undefined when no Request URL is configured. */
function signed(env: SandboxEnvironment, payload: JsonRecord): Signed | undefined {
  const url = env.appWebhookUrl();
  if (!url) {
    return undefined;
  }
  const body = JSON.stringify(payload);
  const timestamp = Math.floor(env.now().getTime() / 1000);
  const signature = signSlack(env.app.webhookSecret ?? "", timestamp, body);
  return {
    url,
    headers: {
      "content-type": "application/json",
      "x-slack-request-timestamp": String(timestamp),
      "x-slack-signature": signature,
    },
    body,
  };
}

/** An `event_callback` wrapper around `event`, for `workspace`. */
function eventCallback(env: SandboxEnvironment, workspace: SandboxWorkspace, event: JsonRecord) {
  return {
    // The legacy verification token; deprecated in favour of signatures.
    token: "sandbox-verification-token",
    team_id: workspace.id,
    api_app_id: SANDBOX_APP_ID,
    event,
    type: "event_callback",
    event_id: `Ev${randomBytes(6).toString("hex").toUpperCase()}`,
    event_time: Math.floor(env.now().getTime() / 1000),
    authorizations: [
      {
        enterprise_id: null,
        team_id: workspace.id,
        user_id: workspace.botUserId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
  };
}

/** `tokens_revoked` (bot token) at once, then `app_uninstalled`; Slack does not promise their order. */
export function sendUninstallEvents(env: SandboxEnvironment, workspace: SandboxWorkspace): void {
  const start = env.now().getTime();
  const eventTs = (start / 1000).toFixed(6);
  const steps: Array<TimelineStep<"tokens_revoked" | "app_uninstalled">> = [
    { status: "tokens_revoked", at: new Date(start) },
    { status: "app_uninstalled", at: new Date(start + env.statusDelayMs) },
  ];
  sendTimeline(env, steps, ({ status }) => {
    const tokens =
      status === "tokens_revoked" ? { tokens: { oauth: [], bot: [workspace.botUserId] } } : {};
    return signed(
      env,
      eventCallback(env, workspace, { type: status, ...tokens, event_ts: eventTs }),
    );
  });
}

/**
 * `message_metadata_posted` for a message the bot posted with metadata, one status delay later.
 * It is the only step of a post Slack reports: it has no delivery or read receipts. Real Slack
 * sends it for the event types listed under `metadata_subscriptions` in the app manifest
 * (Crosscast's app must subscribe to `crosscast_message`); that it also reports the app's own
 * posts is unverified.
 */
export function sendMetadataPosted(
  env: SandboxEnvironment,
  workspace: SandboxWorkspace,
  message: { channel: string; ts: string; metadata: JsonRecord },
): void {
  const input = {
    provider: "slack",
    channel: "SLACK",
    recipient: message.channel,
    messageId: message.ts,
  };
  const steps = deliveryTimeline(env, input, {
    sent: "message_metadata_posted",
    delivered: "unreported",
    failed: "unreported",
  });
  sendTimeline(env, steps, step =>
    step.status === "message_metadata_posted"
      ? signed(
          env,
          eventCallback(env, workspace, {
            type: "message_metadata_posted",
            app_id: SANDBOX_APP_ID,
            bot_id: workspace.botId,
            user_id: workspace.botUserId,
            team_id: workspace.id,
            channel_id: message.channel,
            metadata: message.metadata,
            message_ts: message.ts,
            event_ts: message.ts,
          }),
        )
      : undefined,
  );
}

/** The `url_verification` Slack sends when a Request URL is saved; returns the challenge. */
export function sendUrlVerification(env: SandboxEnvironment): string | undefined {
  const challenge = randomBytes(24).toString("base64url");
  const request = signed(env, {
    token: "sandbox-verification-token",
    challenge,
    type: "url_verification",
  });
  if (!request) {
    return undefined;
  }
  env.webhooks.send(request);
  return challenge;
}
