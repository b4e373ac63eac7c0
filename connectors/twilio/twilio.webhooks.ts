import { TWILIO_OPT_OUT_CODES } from "./twilio.classifier.js";
import { verifyTwilio } from "../kit/webhook-signatures.js";
import {
  isOptOutText,
  type DeliveryStatus,
  type WebhookEvent,
  type WebhookHandler,
  type WebhookRequest,
} from "../kit/contracts/index.js";

/**
 * Twilio's webhooks for one connection (`/webhooks/twilio/<connectionId>`): message status
 * callbacks (the StatusCallback of each send) and inbound SMS (the number's SmsUrl, set by
 * `register`). Both are form POSTs signed with the account's auth token: `X-Twilio-Signature` is
 * base64 HMAC-SHA1 over the full URL plus the POST parameters sorted by name. Twilio signs no
 * timestamp, so a replay is caught by its event id (`I-Twilio-Idempotency-Token`, the same on
 * Twilio's retries of one webhook), not by a time window.
 * Docs: https://www.twilio.com/docs/usage/webhooks/webhooks-security,
 * https://www.twilio.com/docs/messaging/guides/webhook-request
 */
export const TWILIO_SIGNATURE_HEADER = "x-twilio-signature";
export const TWILIO_IDEMPOTENCY_HEADER = "i-twilio-idempotency-token";
/** Query parameter of each StatusCallback URL carrying Crosscast's message id (the runtime's `mid`). */
export const MESSAGE_ID_PARAM = "mid";

const STATUSES = new Map<string, DeliveryStatus>([
  ["queued", "SENT"],
  ["sending", "SENT"],
  ["sent", "SENT"],
  ["delivered", "DELIVERED"],
  ["read", "READ"],
  ["undelivered", "FAILED"],
  ["failed", "FAILED"],
]);

/** Crosscast's status for a Twilio MessageStatus; undefined for those it does not track. */
export function twilioDeliveryStatus(raw: string): DeliveryStatus | undefined {
  return STATUSES.get(raw);
}

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

/** Status callbacks and inbound messages, whichever way Twilio was told to call. */
function params(request: WebhookRequest): URLSearchParams {
  return request.method === "POST"
    ? new URLSearchParams(formParams(request))
    : new URLSearchParams(request.query);
}

function statusEvent(request: WebhookRequest, fields: URLSearchParams): WebhookEvent[] {
  const sid = fields.get("MessageSid") ?? fields.get("SmsSid") ?? "";
  const raw = fields.get("MessageStatus") ?? "";
  const status = twilioDeliveryStatus(raw);
  if (!sid || !status) {
    return []; // accepted, scheduled, canceled...: nothing Crosscast tracks
  }
  const messageId = request.query.get(MESSAGE_ID_PARAM);
  const errorCode = fields.get("ErrorCode");
  return [
    {
      type: "MESSAGE_STATUS",
      eventId: request.headers[TWILIO_IDEMPOTENCY_HEADER] || `${sid}:${raw}`,
      providerMessageId: sid,
      ...(messageId ? { messageId } : {}),
      status,
      ...(status === "FAILED" && errorCode ? { errorCode } : {}),
      ...(status === "FAILED" && TWILIO_OPT_OUT_CODES.has(Number(errorCode))
        ? { optedOut: true }
        : {}),
    },
  ];
}

function inboundEvent(request: WebhookRequest, fields: URLSearchParams): WebhookEvent[] {
  const from = fields.get("From");
  const to = fields.get("To");
  if (!from || !to) {
    return [];
  }
  const text = fields.get("Body") ?? "";
  const sid = fields.get("MessageSid") ?? fields.get("SmsSid") ?? `${from}:${to}:${text}`;
  const accountId = fields.get("AccountSid");
  return [
    {
      type: "INBOUND_MESSAGE",
      eventId: request.headers[TWILIO_IDEMPOTENCY_HEADER] || sid,
      ...(accountId ? { accountId } : {}),
      from,
      to,
      text,
      // OptOutType comes with Advanced Opt-Out (STOP, START or HELP); the keyword list covers
      // numbers without it, which Twilio still blocks after a STOP.
      optOut: fields.get("OptOutType") === "STOP" || isOptOutText(text),
    },
  ];
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
    const fields = params(request);
    return fields.has("MessageStatus")
      ? statusEvent(request, fields)
      : inboundEvent(request, fields);
  },

  // Twilio reads the answer to an inbound SMS as TwiML: an empty Response sends no reply.
  acknowledge: {
    status: 200,
    headers: { "content-type": "text/xml" },
    body: '<?xml version="1.0" encoding="UTF-8"?><Response></Response>',
  },
};
