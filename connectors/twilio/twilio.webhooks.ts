import { createHmac } from "node:crypto";
import { safeEqual } from "../kit/webhook-signatures.js";
import type { WebhookHandler, WebhookRequest } from "../kit/contracts/index.js";
import { MESSAGE_ID_PARAM, toWebhookEvents } from "./twilio.mapper.js";

/** Twilio: base64 HMAC-SHA1(auth token, full URL + each POST param's key and value, sorted by key). */
export function signTwilio(authToken: string, url: string, params: Record<string, string>): string {
  const payload = Object.keys(params)
    .sort()
    .reduce((acc, key) => acc + key + params[key], url);
  return createHmac("sha1", authToken).update(payload, "utf8").digest("base64");
}

export function verifyTwilio(
  authToken: string,
  url: string,
  params: Record<string, string>,
  signature: string | undefined,
): boolean {
  return !!signature && safeEqual(signTwilio(authToken, url, params), signature);
}

/**
 * Twilio's webhooks for one connection (`/webhooks/twilio/<connectionId>`): message status
 * callbacks (the StatusCallback of each send) and inbound SMS (the number's SmsUrl, set by
 * `register`). Both are form POSTs signed with the account's auth token: `X-Twilio-Signature` is
 * base64 HMAC-SHA1 over the full URL plus the POST parameters sorted by name. Twilio signs no
 * timestamp, so a replay is caught by its event id (`I-Twilio-Idempotency-Token`, the same on
 * Twilio's retries of one webhook), not by a time window. No handshake exists.
 * Docs: https://www.twilio.com/docs/usage/webhooks/webhooks-security,
 * https://www.twilio.com/docs/messaging/guides/webhook-request
 */
export const TWILIO_SIGNATURE_HEADER = "x-twilio-signature";
export const TWILIO_IDEMPOTENCY_HEADER = "i-twilio-idempotency-token";

function isForm(request: WebhookRequest): boolean {
  return (request.headers["content-type"] ?? "")
    .toLowerCase()
    .startsWith("application/x-www-form-urlencoded");
}

/** The POST parameters as Twilio signed them (GET callbacks carry theirs in the URL). */
function formParams(request: WebhookRequest): Record<string, string> {
  if (request.method !== "POST" || !isForm(request)) {
    return {};
  }
  return Object.fromEntries(new URLSearchParams(request.rawBody.toString("utf8")));
}

export const twilioWebhooks: WebhookHandler = {
  scope: "connection",

  verify(request, keys) {
    const authToken = keys.connection?.secrets.authToken;
    if (!authToken || (request.method !== "POST" && request.method !== "GET")) {
      return false;
    }
    if (request.method === "POST" && !isForm(request)) {
      return false; // messaging webhooks are always form-encoded
    }
    return verifyTwilio(
      authToken,
      request.url,
      formParams(request),
      request.headers[TWILIO_SIGNATURE_HEADER],
    );
  },

  parse(request) {
    // Status callbacks and inbound messages, whichever way Twilio was told to call.
    const fields =
      request.method === "POST"
        ? new URLSearchParams(formParams(request))
        : new URLSearchParams(request.query);
    return toWebhookEvents(fields, {
      idempotencyToken: request.headers[TWILIO_IDEMPOTENCY_HEADER],
      messageId: request.query.get(MESSAGE_ID_PARAM),
    });
  },

  // Twilio reads the answer to an inbound SMS as TwiML: an empty Response sends no reply.
  acknowledge: {
    status: 200,
    headers: { "content-type": "text/xml" },
    body: '<?xml version="1.0" encoding="UTF-8"?><Response></Response>',
  },
};
