import { verifySlack } from "../kit/webhook-signatures.js";
import type {
  WebhookEvent,
  WebhookHandler,
  WebhookKeys,
  WebhookReply,
  WebhookRequest,
} from "../kit/contracts/index.js";
import { CROSSCAST_EVENT_TYPE } from "./slack.client.js";
import { isRecord, readMetadata, stringField, type JsonRecord } from "./slack.schemas.js";

/**
 * Slack Events API (https://docs.slack.dev/apis/events-api/): one app-level Request URL, signed
 * with the app's signing secret (v0 HMAC over `v0:{timestamp}:{body}`, refused outside a
 * 5-minute window). Event callbacks carry `event_id`, the deduplication key, and `team_id`.
 */
function readJson(rawBody: Buffer): JsonRecord | undefined {
  try {
    const value: unknown = JSON.parse(rawBody.toString("utf8"));
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

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

/** The workspace an event callback is about: `team_id`, else its first authorization's. */
function teamOf(body: JsonRecord, event: JsonRecord): string | undefined {
  const authorizations = Array.isArray(body.authorizations) ? body.authorizations : [];
  const first: unknown = authorizations[0];
  return (
    stringField(body, "team_id") ??
    stringField(event, "team_id") ??
    (isRecord(first) ? stringField(first, "team_id") : undefined)
  );
}

function eventsOf(body: JsonRecord, eventId: string, event: JsonRecord): WebhookEvent[] {
  const teamId = teamOf(body, event);
  const revoked = (reason: string): WebhookEvent[] =>
    teamId ? [{ type: "CONNECTION_REVOKED", eventId, externalAccountId: teamId, reason }] : [];
  switch (event.type) {
    case "app_uninstalled":
      return revoked("app_uninstalled");
    case "tokens_revoked": {
      // Only the bot token is Crosscast's; revoked user tokens alone leave the connection working.
      const tokens = isRecord(event.tokens) ? event.tokens : {};
      const bots = Array.isArray(tokens.bot) ? tokens.bot : [];
      return bots.length ? revoked("tokens_revoked") : [];
    }
    case "message_metadata_posted": {
      const metadata = readMetadata(event.metadata);
      const messageId = metadata?.payload.message_id;
      const channel = stringField(event, "channel_id");
      const ts = stringField(event, "message_ts");
      if (metadata?.eventType !== CROSSCAST_EVENT_TYPE || typeof messageId !== "string") {
        return [];
      }
      const time = typeof body.event_time === "number" ? body.event_time : undefined;
      return [
        {
          type: "MESSAGE_STATUS",
          eventId,
          messageId,
          status: "SENT",
          ...(channel && ts ? { providerMessageId: `${channel}:${ts}` } : {}),
          ...(time ? { occurredAt: new Date(time * 1000) } : {}),
        },
      ];
    }
    default:
      return [];
  }
}

export const slackWebhooks: WebhookHandler = {
  scope: "app",

  /** `url_verification`: echo the challenge, but only for a request Slack signed. */
  handshake(request, keys): WebhookReply | undefined {
    const body = readJson(request.rawBody);
    const challenge = body && stringField(body, "challenge");
    if (body?.type !== "url_verification" || !challenge || !verifySlackRequest(request, keys)) {
      return undefined;
    }
    return {
      status: 200,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ challenge }),
    };
  },

  verify: verifySlackRequest,

  parse(request) {
    const body = readJson(request.rawBody);
    if (body?.type !== "event_callback" || !isRecord(body.event)) {
      return [];
    }
    const eventId = stringField(body, "event_id");
    return eventId ? eventsOf(body, eventId, body.event) : [];
  },

  acknowledge: { status: 200 },
};
