import type { MessagingConnector } from "../kit/contracts/index.js";
import { classifySlack } from "./slack.classifier.js";
import { createSlackClient } from "./slack.client.js";
import { slackMessageId, toPostMessage } from "./slack.mapper.js";
import { parseSlackTokenResponse } from "./slack.oauth.js";
import { lookupPost, reconcilePost } from "./slack.reconcile.js";
import { slackWebhooks } from "./slack.webhooks.js";

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
    const me = await createSlackClient(ctx, connection).authTest();
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
    const client = createSlackClient(ctx, connection);
    const body = toPostMessage(message);
    const reconcile = reconcilePost(client, {
      channel: body.channel,
      messageId: message.messageId,
    });
    const posted = await client.postMessage(body, reconcile);
    return { providerMessageId: slackMessageId(posted.channel, posted.ts) };
  },

  async lookup(ctx, connection, query) {
    return lookupPost(createSlackClient(ctx, connection), query);
  },
};
