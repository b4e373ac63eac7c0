import { ConnectorError } from "../kit/connector-error.js";
import type { OutboundMessage, WebhookEvent } from "../kit/contracts/index.js";
import { isRecord, num, rec, records, str, strings, type JsonRecord } from "../kit/json.js";
import { readMetadata } from "./slack.schemas.js";

/**
 * Crosscast's messages in Slack's terms and back: the `chat.postMessage` body, with Crosscast's
 * message id in the message metadata, and the Events API callbacks as WebhookEvents. Pure.
 */

/** The `event_type` of the metadata Crosscast attaches to every message it posts. */
export const CROSSCAST_EVENT_TYPE = "crosscast_message";

/** Conversation ids (C…, G…, D…): the recipients `conversations.history` can read. */
const CONVERSATION_ID = /^[CGD][A-Z0-9]{2,}$/;

/** A `#channel-name`, which Slack resolves itself. */
const CHANNEL_NAME = /^#[a-z0-9][a-z0-9._-]{0,79}$/;

export function isConversationId(value: string): boolean {
  return CONVERSATION_ID.test(value);
}

/** Crosscast's provider id for a Slack message: its conversation and timestamp. */
export function slackMessageId(channel: string, ts: string): string {
  return `${channel}:${ts}`;
}

/** https://docs.slack.dev/reference/methods/chat.postMessage (the arguments Crosscast sends). */
export interface PostMessageBody {
  /** A conversation id (C…, G…, D…) or `#channel-name`. */
  channel: string;
  text: string;
  unfurl_links: false;
  metadata: { event_type: string; event_payload: { message_id: string } };
}

/** The post for `message`; a recipient Slack cannot take is refused before any call. */
export function toPostMessage(
  message: Pick<OutboundMessage, "messageId" | "to" | "text">,
): PostMessageBody {
  const channel = message.to.trim();
  if (!isConversationId(channel) && !CHANNEL_NAME.test(channel)) {
    throw new ConnectorError(
      "INVALID_REQUEST",
      "slack: the recipient must be a conversation id (C…, G…, D…) or a #channel-name",
      { provider: "slack" },
    );
  }
  return {
    channel,
    text: message.text ?? "",
    unfurl_links: false,
    metadata: {
      event_type: CROSSCAST_EVENT_TYPE,
      event_payload: { message_id: message.messageId },
    },
  };
}

/** The workspace of an event callback: `team_id`, else the event's, else its first authorization's. */
function teamOf(body: JsonRecord, event: JsonRecord): string | undefined {
  const authorization = records(body.authorizations)[0] ?? {};
  return str(body, "team_id") || str(event, "team_id") || str(authorization, "team_id");
}

/**
 * The WebhookEvents of an Events API body (https://docs.slack.dev/reference/events): the app's
 * uninstall and the bot token's revocation end the connection (revoked user tokens alone leave it
 * working); `message_metadata_posted` with Crosscast's metadata says a post is SENT (Slack has no
 * delivery receipts). `event_id` is the deduplication key; anything else yields no event.
 */
export function toWebhookEvents(body: unknown): WebhookEvent[] {
  const event = isRecord(body) ? rec(body, "event") : undefined;
  const eventId = isRecord(body) ? str(body, "event_id") : undefined;
  if (!isRecord(body) || body.type !== "event_callback" || !event || !eventId) {
    return [];
  }
  const teamId = teamOf(body, event);
  const revoked = (reason: string): WebhookEvent[] =>
    teamId ? [{ type: "CONNECTION_REVOKED", eventId, externalAccountId: teamId, reason }] : [];
  switch (event.type) {
    case "app_uninstalled":
      return revoked("app_uninstalled");
    case "tokens_revoked":
      return strings(rec(event, "tokens")?.bot).length ? revoked("tokens_revoked") : [];
    case "message_metadata_posted": {
      const metadata = readMetadata(event.metadata);
      const messageId = metadata?.payload.message_id;
      if (metadata?.eventType !== CROSSCAST_EVENT_TYPE || typeof messageId !== "string") {
        return [];
      }
      const channel = str(event, "channel_id");
      const ts = str(event, "message_ts");
      const seconds = num(body, "event_time");
      return [
        {
          type: "MESSAGE_STATUS",
          eventId,
          messageId,
          status: "SENT",
          ...(channel && ts ? { providerMessageId: slackMessageId(channel, ts) } : {}),
          ...(seconds ? { occurredAt: new Date(seconds * 1000) } : {}),
        },
      ];
    }
    default:
      return [];
  }
}
