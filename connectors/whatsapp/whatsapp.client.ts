import type { ConnectorContext } from "../kit/contracts/index.js";
import { ConnectorError } from "../kit/connector-error.js";
import type { MessageBody } from "./whatsapp.messages.js";
import {
  parsePhoneNumberNode,
  parseSentMessageId,
  parseSuccess,
  type PhoneNumberNode,
} from "./whatsapp.schemas.js";

/**
 * One method per Cloud API endpoint, all through `ctx.http` (timeout, retries, classification).
 * Paths are `/{version}/…` on the Graph host; without a configured version Graph uses the app's
 * default version.
 */
const PROVIDER = "whatsapp";

function graphPath(ctx: ConnectorContext, ...segments: string[]): string {
  const version = ctx.config.apiVersion ? [ctx.config.apiVersion] : [];
  return `/${[...version, ...segments.map(encodeURIComponent)].join("/")}`;
}

function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/**
 * GET /{v}/{phone-number-id}?fields=display_phone_number,verified_name,quality_rating
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/reference/whatsapp-business-phone-number
 */
export async function getPhoneNumber(
  ctx: ConnectorContext,
  token: string,
  phoneNumberId: string,
): Promise<PhoneNumberNode> {
  const response = await ctx.http({
    method: "GET",
    path: graphPath(ctx, phoneNumberId),
    query: { fields: "display_phone_number,verified_name,quality_rating" },
    headers: bearer(token),
    idempotent: true,
  });
  const node = parsePhoneNumberNode(response.body);
  if (!node) {
    throw new ConnectorError("UNAVAILABLE", `${PROVIDER} answered the phone number read oddly`, {
      provider: PROVIDER,
    });
  }
  return node;
}

/**
 * POST /{v}/{phone-number-id}/messages (JSON). Not idempotent: Meta does not deduplicate sends,
 * and there is no lookup of a sent message, so a lost answer surfaces as UNKNOWN_OUTCOME and the
 * status webhook (which echoes `biz_opaque_callback_data`) resolves it later.
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/reference/whatsapp-business-phone-number/message-api
 */
export async function sendMessage(
  ctx: ConnectorContext,
  token: string,
  phoneNumberId: string,
  body: MessageBody,
): Promise<{ id: string }> {
  const response = await ctx.http({
    method: "POST",
    path: graphPath(ctx, phoneNumberId, "messages"),
    headers: bearer(token),
    body,
    idempotent: false,
  });
  const id = parseSentMessageId(response.body);
  if (!id) {
    // A 2xx without a message id: it may have been accepted, so it must not be sent again.
    throw new ConnectorError(
      "UNKNOWN_OUTCOME",
      `${PROVIDER} accepted a send without a message id`,
      {
        provider: PROVIDER,
      },
    );
  }
  return { id };
}

/**
 * POST /{v}/{waba-id}/subscribed_apps: subscribes our app to the WhatsApp Business Account's
 * webhooks, which then go to the app's callback URL. Subscribing twice changes nothing.
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/reference/whatsapp-business-account/subscribed-apps-api
 */
export async function subscribeApp(
  ctx: ConnectorContext,
  token: string,
  wabaId: string,
): Promise<void> {
  const response = await ctx.http({
    method: "POST",
    path: graphPath(ctx, wabaId, "subscribed_apps"),
    headers: bearer(token),
    idempotent: true,
  });
  if (!parseSuccess(response.body)) {
    throw new ConnectorError("UNAVAILABLE", `${PROVIDER} did not confirm the subscription`, {
      provider: PROVIDER,
    });
  }
}
