import { randomBytes } from "node:crypto";
import { signSlack } from "../kit/webhook-signatures.js";
import type { SandboxEnvironment } from "../sandbox/sandbox.js";
import { SANDBOX_APP_ID, type SandboxWorkspace } from "./slack.sandbox-state.js";
import type { JsonRecord } from "./slack.schemas.js";

/**
 * The Events API requests Slack sends to the app's Request URL (`env.appWebhookUrl()`), signed
 * with the app's signing secret: `X-Slack-Signature: v0=HMAC-SHA256(secret, v0:{ts}:{body})` and
 * `X-Slack-Request-Timestamp` (https://docs.slack.dev/authentication/verifying-requests-from-slack).
 */
function eventId(): string {
  return `Ev${randomBytes(6).toString("hex").toUpperCase()}`;
}

/** Signs and sends one request; false when no Request URL is configured. */
export function postSigned(env: SandboxEnvironment, payload: JsonRecord, delayMs = 0): boolean {
  const url = env.appWebhookUrl();
  if (!url) {
    return false;
  }
  const body = JSON.stringify(payload);
  const timestamp = Math.floor(env.now().getTime() / 1000);
  env.webhooks.send({
    url,
    headers: {
      "content-type": "application/json",
      "x-slack-request-timestamp": String(timestamp),
      "x-slack-signature": signSlack(env.app.webhookSecret ?? "", timestamp, body),
    },
    body,
    delayMs,
  });
  return true;
}

/** An `event_callback` wrapper around `event`, for `workspace`. */
export function eventCallback(
  env: SandboxEnvironment,
  workspace: SandboxWorkspace,
  event: JsonRecord,
): JsonRecord {
  const seconds = Math.floor(env.now().getTime() / 1000);
  return {
    // The legacy verification token; deprecated in favour of signatures.
    token: "sandbox-verification-token",
    team_id: workspace.id,
    api_app_id: SANDBOX_APP_ID,
    event,
    type: "event_callback",
    event_id: eventId(),
    event_time: seconds,
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

/** `tokens_revoked` (bot token) then `app_uninstalled`; Slack does not promise their order. */
export function sendUninstallEvents(env: SandboxEnvironment, workspace: SandboxWorkspace): void {
  const eventTs = (env.now().getTime() / 1000).toFixed(6);
  postSigned(
    env,
    eventCallback(env, workspace, {
      type: "tokens_revoked",
      tokens: { oauth: [], bot: [workspace.botUserId] },
      event_ts: eventTs,
    }),
  );
  postSigned(
    env,
    eventCallback(env, workspace, { type: "app_uninstalled", event_ts: eventTs }),
    env.statusDelayMs,
  );
}

/**
 * `message_metadata_posted` for a message the bot posted with metadata. Real Slack sends it for
 * the event types listed under `metadata_subscriptions` in the app manifest (Crosscast's app
 * must subscribe to `crosscast_message`); that it also reports the app's own posts is unverified.
 */
export function sendMetadataPosted(
  env: SandboxEnvironment,
  workspace: SandboxWorkspace,
  message: { channel: string; ts: string; metadata: JsonRecord },
): void {
  postSigned(
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
    env.statusDelayMs,
  );
}

/** The `url_verification` Slack sends when a Request URL is saved; returns the challenge. */
export function sendUrlVerification(env: SandboxEnvironment): string | undefined {
  const challenge = randomBytes(24).toString("base64url");
  const sent = postSigned(env, {
    token: "sandbox-verification-token",
    challenge,
    type: "url_verification",
  });
  return sent ? challenge : undefined;
}
