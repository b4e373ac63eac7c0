import type { ConnectionHandle } from "../kit/contracts/index.js";
import { ConnectorError } from "../kit/connector-error.js";
import type { MessagingConnector } from "../kit/contracts/index.js";
import { classifySlack } from "./slack.classifier.js";
import { createSlackClient } from "./slack.client.js";
import { parseSlackTokenResponse } from "./slack.oauth.js";
import {
  asPostMessageResponse,
  findPostedMessage,
  isConversationId,
  slackTimestamp,
} from "./slack.reconcile.js";
import { slackWebhooks } from "./slack.webhooks.js";

/** A `#channel-name`; the other recipients Slack takes are conversation ids (C…, G…, D…). */
const CHANNEL_NAME = /^#[a-z0-9][a-z0-9._-]{0,79}$/;

/** How far before the send the history lookup starts, for clock skew between us and Slack. */
const CLOCK_SKEW_MS = 60_000;

/** Crosscast's provider id for a Slack message: its conversation and timestamp. */
function slackMessageId(channel: string, ts: string): string {
  return `${channel}:${ts}`;
}

function accessTokenOf(connection: Pick<ConnectionHandle, "secrets">): string {
  const token = connection.secrets.accessToken;
  if (!token) {
    throw new ConnectorError("AUTH_REVOKED", "slack: this connection holds no access token", {
      provider: "slack",
    });
  }
  return token;
}

/**
 * Slack: a bot token from OAuth v2 (with token rotation: 12-hour access tokens, single-use refresh
 * tokens) posts into channels with `chat.postMessage`. Crosscast's message id rides in the
 * message metadata, so a post whose answer was lost is found again in `conversations.history`
 * (needs channels:history / groups:history / im:history), and the Events API's
 * `message_metadata_posted` echoes it. Slack has no delivery receipts and no recipient opt-out.
 */
export const slackConnector: MessagingConnector = {
  provider: "slack",
  category: "MESSAGING",
  channel: "SLACK",
  // chat.postMessage truncates text past 40,000 characters (docs: "text" argument).
  limits: { maxTextLength: 40_000 },
  classify: classifySlack,
  oauth: { parseTokenResponse: response => parseSlackTokenResponse(response) },
  webhooks: slackWebhooks,

  async verify(ctx, connection) {
    const me = await createSlackClient(ctx, accessTokenOf(connection)).authTest();
    return {
      externalAccountId: me.teamId,
      displayName: me.team,
      settings: {
        teamId: me.teamId,
        ...(me.url ? { teamUrl: me.url } : {}),
        ...(me.userId ? { botUserId: me.userId } : {}),
        ...(me.botId ? { botId: me.botId } : {}),
      },
    };
  },

  async send(ctx, connection, message) {
    const client = createSlackClient(ctx, accessTokenOf(connection));
    const channel = message.to.trim();
    if (!isConversationId(channel) && !CHANNEL_NAME.test(channel)) {
      throw new ConnectorError(
        "INVALID_REQUEST",
        "slack: the recipient must be a conversation id (C…, G…, D…) or a #channel-name",
        { provider: "slack" },
      );
    }
    const oldest = slackTimestamp(Date.now() - CLOCK_SKEW_MS);
    // History needs the conversation id: a post to a #name is left to the metadata event.
    const reconcile = isConversationId(channel)
      ? async () => {
          const found = await findPostedMessage(client, {
            channel,
            oldest,
            messageId: message.messageId,
          });
          return found && asPostMessageResponse(channel, found);
        }
      : undefined;
    const posted = await client.postMessage(
      { channel, text: message.text ?? "", messageId: message.messageId },
      reconcile,
    );
    return { providerMessageId: slackMessageId(posted.channel, posted.ts) };
  },

  async lookup(ctx, connection, query) {
    const channel = query.to.trim();
    if (!isConversationId(channel)) {
      throw new ConnectorError(
        "UNKNOWN_OUTCOME",
        "slack: a post to a #name cannot be found again (history needs the conversation id)",
        { provider: "slack" },
      );
    }
    const found = await findPostedMessage(createSlackClient(ctx, accessTokenOf(connection)), {
      channel,
      oldest: slackTimestamp(query.sentAfter.getTime() - CLOCK_SKEW_MS),
      messageId: query.messageId,
    });
    // Slack has no delivery receipts: a posted message is SENT.
    return found && { providerMessageId: slackMessageId(channel, found.ts), status: "SENT" };
  },
};
