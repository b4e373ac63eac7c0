import type { ConnectorContext } from "../kit/contracts/index.js";
import { ConnectorError } from "../kit/connector-error.js";
import type { MailSendBody } from "./sendgrid.mapper.js";
import {
  parseEventWebhookSettings,
  parseScopes,
  parseSignedWebhook,
  parseUsername,
} from "./sendgrid.schemas.js";

/**
 * SendGrid v3, one method per endpoint, every call through the connector context's HTTP core.
 * Paths are the real API's, relative to `ctx.config.apiBaseUrl` (https://api.sendgrid.com).
 */

/** The Event Webhook flags Crosscast needs; the rest (deferred, click, resubscribes) stay off. */
export const EVENT_FLAGS = {
  processed: true,
  delivered: true,
  open: true,
  bounce: true,
  dropped: true,
  unsubscribe: true,
  group_unsubscribe: true,
  spam_report: true,
  deferred: false,
  click: false,
  group_resubscribe: false,
} as const;

/** A 2xx whose body we cannot read: the call happened, but its answer is unusable. */
function readable<T>(value: T | undefined, path: string): T {
  if (value === undefined) {
    throw new ConnectorError("UNAVAILABLE", `sendgrid answered ${path} in an unexpected shape`, {
      provider: "sendgrid",
    });
  }
  return value;
}

export function createSendgridClient(ctx: ConnectorContext, apiKey: string) {
  const headers = { authorization: `Bearer ${apiKey}`, accept: "application/json" };

  return {
    /** GET /v3/scopes: the scopes of the key in use. */
    async listScopes(): Promise<string[]> {
      const response = await ctx.http({
        method: "GET",
        path: "/v3/scopes",
        headers,
        idempotent: true,
      });
      return readable(parseScopes(response.body), "/v3/scopes");
    },

    /** GET /v3/user/username: `{ username, user_id }` of the account the key belongs to. */
    async getUsername(): Promise<{ username: string; userId: string }> {
      const response = await ctx.http({
        method: "GET",
        path: "/v3/user/username",
        headers,
        idempotent: true,
      });
      return readable(parseUsername(response.body), "/v3/user/username");
    },

    /**
     * POST /v3/mail/send: 202 with an empty body and the id in `X-Message-Id`. Not idempotent, and
     * SendGrid offers no lookup of a sent message by our id, so a lost answer is UNKNOWN_OUTCOME;
     * the Event Webhook (which echoes `custom_args`) settles it later.
     */
    async sendMail(body: MailSendBody): Promise<{ messageId: string }> {
      const response = await ctx.http({
        method: "POST",
        path: "/v3/mail/send",
        headers,
        body,
        idempotent: false,
      });
      const messageId = response.headers.get("x-message-id");
      if (!messageId) {
        // Accepted, but without the id we cannot name it; the webhook will.
        throw new ConnectorError(
          "UNKNOWN_OUTCOME",
          "sendgrid accepted the message without an X-Message-Id",
          { provider: "sendgrid", providerCode: response.status },
        );
      }
      return { messageId };
    },

    /**
     * PATCH /v3/user/webhooks/event/settings: the account's (oldest) Event Webhook. Setting the same
     * values twice is harmless, so the call may be retried.
     */
    async updateEventWebhook(url: string): Promise<{ enabled: boolean; url: string }> {
      const response = await ctx.http({
        method: "PATCH",
        path: "/v3/user/webhooks/event/settings",
        headers,
        body: { enabled: true, url, ...EVENT_FLAGS },
        idempotent: true,
      });
      return readable(parseEventWebhookSettings(response.body), "/v3/user/webhooks/event/settings");
    },

    /** PATCH /v3/user/webhooks/event/settings/signed: turns signing on, answers the public key. */
    async enableSignedEventWebhook(): Promise<{ publicKey: string }> {
      const response = await ctx.http({
        method: "PATCH",
        path: "/v3/user/webhooks/event/settings/signed",
        headers,
        body: { enabled: true },
        idempotent: true,
      });
      return readable(parseSignedWebhook(response.body), "/v3/user/webhooks/event/settings/signed");
    },
  };
}
