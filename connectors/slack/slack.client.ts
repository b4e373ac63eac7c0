import type { ConnectorContext } from "../kit/contracts/index.js";
import type { ProviderResponse } from "../kit/default-classifier.js";
import {
  parseAuthTest,
  parseHistoryPage,
  parsePostMessage,
  type AuthTestResult,
  type HistoryPage,
  type PostedMessage,
} from "./slack.schemas.js";

/** The `event_type` of the metadata Crosscast attaches to every message it posts. */
export const CROSSCAST_EVENT_TYPE = "crosscast_message";

export interface PostMessageArgs {
  /** A conversation id (C…, G…, D…) or `#channel-name`. */
  channel: string;
  text: string;
  /** Crosscast's message id, carried in the message metadata. */
  messageId: string;
}

export interface HistoryArgs {
  channel: string;
  /** Only messages after this Slack timestamp (exclusive). */
  oldest?: string;
  limit?: number;
  cursor?: string;
}

/**
 * One method per Slack Web API method, every call through the connector's HTTP core with the
 * bot token as a Bearer header (https://docs.slack.dev/apis/web-api/#authentication).
 */
export function createSlackClient(ctx: ConnectorContext, accessToken: string) {
  const authorization = { authorization: `Bearer ${accessToken}` };

  return {
    /** https://docs.slack.dev/reference/methods/auth.test */
    async authTest(): Promise<AuthTestResult> {
      const response = await ctx.http({
        method: "POST",
        path: "auth.test",
        headers: authorization,
        idempotent: true,
      });
      return parseAuthTest(response.body);
    },

    /**
     * https://docs.slack.dev/reference/methods/chat.postMessage — JSON, so the token can only
     * travel in the Authorization header. Not idempotent: Slack does not deduplicate posts.
     */
    async postMessage(
      args: PostMessageArgs,
      reconcile?: () => Promise<ProviderResponse | undefined>,
    ): Promise<PostedMessage> {
      const response = await ctx.http({
        method: "POST",
        path: "chat.postMessage",
        headers: authorization,
        body: {
          channel: args.channel,
          text: args.text,
          unfurl_links: false,
          metadata: {
            event_type: CROSSCAST_EVENT_TYPE,
            event_payload: { message_id: args.messageId },
          },
        },
        idempotent: false,
        ...(reconcile ? { reconcile } : {}),
      });
      return parsePostMessage(response.body);
    },

    /** https://docs.slack.dev/reference/methods/conversations.history (newest first, cursor paging). */
    async conversationsHistory(args: HistoryArgs): Promise<HistoryPage> {
      const response = await ctx.http({
        method: "GET",
        path: "conversations.history",
        headers: authorization,
        query: {
          channel: args.channel,
          oldest: args.oldest,
          limit: args.limit,
          cursor: args.cursor || undefined,
          include_all_metadata: "true",
        },
        idempotent: true,
      });
      return parseHistoryPage(response.body);
    },
  };
}

export type SlackClient = ReturnType<typeof createSlackClient>;
