import type { ConnectionHandle, ConnectorContext } from "../kit/contracts/index.js";
import { requireSecret } from "../kit/credentials.js";
import { expectBody } from "../kit/expect-body.js";
import type { ProviderRequest } from "../kit/provider-http.js";
import type { EventWebhookSettingsBody, MailSendBody } from "./sendgrid.mapper.js";
import {
  parseEventWebhookSettings,
  parseMessageId,
  parseScopes,
  parseSignedWebhook,
  parseUsername,
  type EventWebhookSettings,
  type SendgridUser,
} from "./sendgrid.schemas.js";

/**
 * SendGrid v3, one method per endpoint the connector uses, every call through the connector
 * context's HTTP core with the connection's API key as a Bearer header. Paths are the real API's,
 * relative to `ctx.config.apiBaseUrl` (https://api.sendgrid.com).
 * Docs: https://www.twilio.com/docs/sendgrid/api-reference
 */
export interface SendgridClient {
  /** GET /v3/scopes: the scopes of the key in use. */
  listScopes(): Promise<string[]>;
  /** GET /v3/user/username: `{ username, user_id }` of the account the key belongs to. */
  getUsername(): Promise<SendgridUser>;
  /**
   * POST /v3/mail/send: 202 with an empty body and the id in `X-Message-Id`. Not idempotent, and
   * SendGrid offers no lookup of a sent message by our id, so a lost answer is UNKNOWN_OUTCOME;
   * the Event Webhook (which echoes the personalization's `custom_args`) settles it later.
   */
  sendMail(body: MailSendBody): Promise<{ messageId: string }>;
  /**
   * PATCH /v3/user/webhooks/event/settings: the account's (oldest) Event Webhook. Setting the
   * same values twice is harmless, so the call may be retried and an unreadable answer asked again.
   */
  updateEventWebhook(settings: EventWebhookSettingsBody): Promise<EventWebhookSettings>;
  /** PATCH /v3/user/webhooks/event/settings/signed: turns signing on, answers the public key. */
  enableSignedEventWebhook(): Promise<{ publicKey: string }>;
}

const PROVIDER = "sendgrid";

export function createSendgridClient(
  ctx: ConnectorContext,
  connection: Pick<ConnectionHandle, "secrets">,
): SendgridClient {
  const apiKey = requireSecret(ctx.config, connection, "apiKey");
  const headers = { authorization: `Bearer ${apiKey}`, accept: "application/json" };
  const call = (request: ProviderRequest) => ctx.http({ ...request, headers });
  const read = async <T>(request: ProviderRequest, parse: (body: unknown) => T | undefined) =>
    expectBody(await call({ idempotent: true, ...request }), parse, {
      provider: PROVIDER,
      what: `${request.method} ${request.path} answer`,
    });

  return {
    listScopes: () => read({ method: "GET", path: "/v3/scopes" }, parseScopes),

    getUsername: () => read({ method: "GET", path: "/v3/user/username" }, parseUsername),

    async sendMail(body) {
      const response = await call({
        method: "POST",
        path: "/v3/mail/send",
        body,
        idempotent: false,
      });
      // Accepted without an id: it happened, but only the Event Webhook can name it.
      const messageId = expectBody(response, () => parseMessageId(response.headers), {
        provider: PROVIDER,
        what: "mail/send answer (no X-Message-Id)",
        write: true,
      });
      return { messageId };
    },

    updateEventWebhook: settings =>
      read(
        { method: "PATCH", path: "/v3/user/webhooks/event/settings", body: settings },
        parseEventWebhookSettings,
      ),

    enableSignedEventWebhook: () =>
      read(
        {
          method: "PATCH",
          path: "/v3/user/webhooks/event/settings/signed",
          body: { enabled: true },
        },
        parseSignedWebhook,
      ),
  };
}
