import { ConnectorError } from "../kit/connector-error.js";
import type { ProviderResponse } from "../kit/default-classifier.js";
import { CROSSCAST_EVENT_TYPE, type SlackClient } from "./slack.client.js";
import type { HistoryMessage } from "./slack.schemas.js";

/** Conversation ids `conversations.history` takes; `#name` recipients cannot be looked up. */
const CONVERSATION_ID = /^[CGD][A-Z0-9]{2,}$/;

export function isConversationId(value: string): boolean {
  return CONVERSATION_ID.test(value);
}

/** A Slack timestamp (`seconds.micros`) some time before `at`, to bound the history read. */
export function slackTimestamp(at: number): string {
  return (at / 1000).toFixed(6);
}

export interface FindPostedMessage {
  channel: string;
  messageId: string;
  /** Messages after this Slack timestamp only (the send's start, less clock skew). */
  oldest: string;
  pageSize?: number;
  maxPages?: number;
}

/**
 * Looks for the message whose metadata carries Crosscast's message id, reading the channel's
 * history after `oldest` page by page. Returns undefined only when the whole window was read and
 * the message is not there; a window too long to read throws, so nothing is sent twice blindly.
 */
export async function findPostedMessage(
  client: SlackClient,
  query: FindPostedMessage,
): Promise<HistoryMessage | undefined> {
  const maxPages = query.maxPages ?? 10;
  let cursor = "";
  for (let page = 0; page < maxPages; page += 1) {
    const result = await client.conversationsHistory({
      channel: query.channel,
      oldest: query.oldest,
      limit: query.pageSize ?? 200,
      cursor,
    });
    const found = result.messages.find(
      message =>
        message.metadata?.eventType === CROSSCAST_EVENT_TYPE &&
        message.metadata.payload.message_id === query.messageId,
    );
    if (found) {
      return found;
    }
    if (!result.nextCursor) {
      return undefined;
    }
    cursor = result.nextCursor;
  }
  throw new ConnectorError("UNKNOWN_OUTCOME", "slack: the history window was too long to read", {
    provider: "slack",
  });
}

/** A found message, shaped like the `chat.postMessage` answer it stands in for. */
export function asPostMessageResponse(channel: string, found: HistoryMessage): ProviderResponse {
  return {
    status: 200,
    headers: new Headers({ "content-type": "application/json; charset=utf-8" }),
    body: { ok: true, channel, ts: found.ts, message: found.raw },
  };
}
