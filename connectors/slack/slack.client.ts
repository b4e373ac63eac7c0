import { requireSecret } from "../kit/credentials.js";
import type { ConnectionHandle, ConnectorContext } from "../kit/contracts/index.js";
import type { ProviderResponse } from "../kit/default-classifier.js";
import { expectBody } from "../kit/expect-body.js";
import type { PostMessageBody } from "./slack.mapper.js";
import {
  parseAuthTest,
  parseHistoryPage,
  parsePostMessage,
  type AuthTestResult,
  type HistoryPage,
  type PostedMessage,
} from "./slack.schemas.js";

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
export interface SlackClient {
  /** https://docs.slack.dev/reference/methods/auth.test */
  authTest(): Promise<AuthTestResult>;
  /**
   * https://docs.slack.dev/reference/methods/chat.postMessage — JSON, so the token can only
   * travel in the Authorization header. Not idempotent: Slack does not deduplicate posts, so a
   * lost answer is only ever retried after `reconcile` has looked for the post.
   */
  postMessage(
    body: PostMessageBody,
    reconcile?: () => Promise<ProviderResponse | undefined>,
  ): Promise<PostedMessage>;
  /** https://docs.slack.dev/reference/methods/conversations.history (newest first, cursor paging). */
  conversationsHistory(args: HistoryArgs): Promise<HistoryPage>;
}

export function createSlackClient(
  ctx: ConnectorContext,
  connection: Pick<ConnectionHandle, "secrets">,
): SlackClient {
  const headers = {
    authorization: `Bearer ${requireSecret(ctx.config, connection, "accessToken")}`,
  };
  const what = (method: string) => ({ provider: "slack", what: `${method} answer` });

  return {
    async authTest() {
      const response = await ctx.http({
        method: "POST",
        path: "auth.test",
        headers,
        idempotent: true,
      });
      return expectBody(response, parseAuthTest, what("auth.test"));
    },

    async postMessage(body, reconcile) {
      const response = await ctx.http({
        method: "POST",
        path: "chat.postMessage",
        headers,
        body,
        idempotent: false,
        ...(reconcile ? { reconcile } : {}),
      });
      // Slack said ok but named no message: it may exist, so the outcome is unknown.
      return expectBody(response, parsePostMessage, { ...what("chat.postMessage"), write: true });
    },

    async conversationsHistory(args) {
      const response = await ctx.http({
        method: "GET",
        path: "conversations.history",
        headers,
        query: {
          channel: args.channel,
          oldest: args.oldest,
          limit: args.limit,
          cursor: args.cursor || undefined,
          include_all_metadata: "true",
        },
        idempotent: true,
      });
      return expectBody(response, parseHistoryPage, what("conversations.history"));
    },
  };
}
