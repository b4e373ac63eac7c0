import { graphBase } from "../families/meta/meta.client.js";
import { parseGraphSuccess } from "../families/meta/meta.schemas.js";
import type { ConnectionHandle, ConnectorContext } from "../kit/contracts/index.js";
import { requireSetting } from "../kit/credentials.js";
import { expectBody } from "../kit/expect-body.js";
import type { MessageBody } from "./whatsapp.mapper.js";
import {
  parsePhoneNumberNode,
  parseSentMessage,
  type PhoneNumberNode,
  type SentMessage,
} from "./whatsapp.schemas.js";

/**
 * One method per Cloud API endpoint the connector uses, all through `ctx.http` (timeout,
 * retries, classification), for one connection: its system-user token and business phone number
 * are read once. Paths are `/{version}/…` on the Graph host.
 */
export interface WhatsappClient {
  readonly phoneNumberId: string;
  /**
   * GET /{v}/{phone-number-id}?fields=display_phone_number,verified_name,quality_rating
   * https://developers.facebook.com/documentation/business-messaging/whatsapp/reference/whatsapp-business-phone-number
   */
  getPhoneNumber(): Promise<PhoneNumberNode>;
  /**
   * POST /{v}/{phone-number-id}/messages (JSON). Not idempotent: Meta does not deduplicate sends,
   * and there is no lookup of a sent message, so a lost answer surfaces as UNKNOWN_OUTCOME and the
   * status webhook (which echoes `biz_opaque_callback_data`) resolves it later.
   * https://developers.facebook.com/documentation/business-messaging/whatsapp/reference/whatsapp-business-phone-number/message-api
   */
  sendMessage(body: MessageBody): Promise<SentMessage>;
  /**
   * POST /{v}/{waba-id}/subscribed_apps: subscribes our app to the WhatsApp Business Account's
   * webhooks, which then go to the app's callback URL. Subscribing twice changes nothing.
   * https://developers.facebook.com/documentation/business-messaging/whatsapp/reference/whatsapp-business-account/subscribed-apps-api
   */
  subscribeApp(wabaId: string): Promise<void>;
}

export function createWhatsappClient(
  ctx: ConnectorContext,
  connection: Pick<ConnectionHandle, "secrets" | "settings">,
): WhatsappClient {
  const graph = graphBase(ctx, connection);
  const phoneNumberId = requireSetting(ctx.config, connection, "phoneNumberId");
  const provider = ctx.config.key;

  return {
    phoneNumberId,

    async getPhoneNumber() {
      const response = await ctx.http({
        method: "GET",
        path: graph.path(phoneNumberId),
        query: { fields: "display_phone_number,verified_name,quality_rating" },
        headers: graph.headers,
        idempotent: true,
      });
      return expectBody(response, parsePhoneNumberNode, { provider, what: "phone number" });
    },

    async sendMessage(body) {
      const response = await ctx.http({
        method: "POST",
        path: graph.path(phoneNumberId, "messages"),
        headers: graph.headers,
        body,
        idempotent: false,
      });
      // A 2xx without a message id may have been accepted: it must not be sent again.
      return expectBody(response, parseSentMessage, {
        provider,
        what: "answer to a send",
        write: true,
      });
    },

    async subscribeApp(wabaId) {
      const response = await ctx.http({
        method: "POST",
        path: graph.path(wabaId, "subscribed_apps"),
        headers: graph.headers,
        idempotent: true,
      });
      expectBody(response, parseGraphSuccess, { provider, what: "answer to the subscription" });
    },
  };
}
