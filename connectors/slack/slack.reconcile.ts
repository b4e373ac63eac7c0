import { ConnectorError } from "../kit/connector-error.js";
import type { FoundMessage } from "../kit/contracts/index.js";
import type { ProviderResponse } from "../kit/default-classifier.js";
import type { SlackClient } from "./slack.client.js";
import { CROSSCAST_EVENT_TYPE, isConversationId, slackMessageId } from "./slack.mapper.js";
import type { HistoryMessage } from "./slack.schemas.js";

/**
 * Finding a post again: Crosscast's message id rides in the message metadata, so a post whose
 * answer was lost is found in `conversations.history` (channels:history, groups:history or
 * im:history). History needs the conversation id: a post to a `#name` cannot be looked up.
 */

/** How far before the send the history lookup starts, for clock skew between us and Slack. */
const CLOCK_SKEW_MS = 60_000;

/** A Slack timestamp (`seconds.micros`) at `at`, to bound the history read. */
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

/**
 * The HTTP core's `reconcile` for a post started now: the found message, shaped like the
 * `chat.postMessage` answer it stands in for; undefined for a `#name` (nothing to look up).
 */
export function reconcilePost(
  client: SlackClient,
  post: { channel: string; messageId: string },
): (() => Promise<ProviderResponse | undefined>) | undefined {
  if (!isConversationId(post.channel)) {
    return undefined;
  }
  const oldest = slackTimestamp(Date.now() - CLOCK_SKEW_MS);
  return async () => {
    const found = await findPostedMessage(client, { ...post, oldest });
    return (
      found && {
        status: 200,
        headers: new Headers({ "content-type": "application/json; charset=utf-8" }),
        body: { ok: true, channel: post.channel, ts: found.ts, message: found.raw },
      }
    );
  };
}

/** The connector's `lookup`: a post to a conversation found by its metadata, SENT (no receipts). */
export async function lookupPost(
  client: SlackClient,
  query: { to: string; messageId: string; sentAfter: Date },
): Promise<FoundMessage | undefined> {
  const channel = query.to.trim();
  if (!isConversationId(channel)) {
    throw new ConnectorError(
      "UNKNOWN_OUTCOME",
      "slack: a post to a #name cannot be found again (history needs the conversation id)",
      { provider: "slack" },
    );
  }
  const found = await findPostedMessage(client, {
    channel,
    oldest: slackTimestamp(query.sentAfter.getTime() - CLOCK_SKEW_MS),
    messageId: query.messageId,
  });
  return found && { providerMessageId: slackMessageId(channel, found.ts), status: "SENT" };
}
