import {
  isOptOutText,
  type DeliveryStatus,
  type FoundMessage,
  type MessagingWebhookEvent,
  type OutboundMessage,
} from "../kit/contracts/index.js";
import { TWILIO_OPT_OUT_CODES } from "./twilio.classifier.js";
import type { TwilioMessage } from "./twilio.schemas.js";

/**
 * Crosscast ⇄ Twilio, pure: the Messages create form, a found message as a lookup result, and
 * the parameters of Twilio's webhooks (status callbacks, inbound SMS) as `WebhookEvent`s.
 * Docs: https://www.twilio.com/docs/messaging/api/message-resource#create-a-message-resource,
 * https://www.twilio.com/docs/messaging/guides/webhook-request
 */

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

/**
 * The StatusCallback carries Crosscast's message id, which Twilio calls back verbatim. The runtime
 * already appends `?mid=`; a URL without one gets it here. A URL that has it is left untouched, so
 * the URL Twilio signs is byte for byte the one the runtime rebuilds.
 */
function statusCallback(url: string, messageId: string): string {
  const callback = new URL(url);
  if (callback.searchParams.has(MESSAGE_ID_PARAM)) {
    return url;
  }
  callback.searchParams.set(MESSAGE_ID_PARAM, messageId);
  return callback.toString();
}

/** The form of `POST .../Messages.json`: a text as Body, a template as a Content API send. */
export function messageForm(from: string, message: OutboundMessage): URLSearchParams {
  const form = new URLSearchParams({ To: message.to, From: from });
  if (message.template) {
    // A Content API template: its SID (HX...) and named or positional variables as JSON.
    form.set("ContentSid", message.template.name);
    if (message.template.parameters && Object.keys(message.template.parameters).length > 0) {
      form.set("ContentVariables", JSON.stringify(message.template.parameters));
    }
  } else {
    form.set("Body", message.text ?? "");
  }
  if (message.statusCallbackUrl) {
    form.set("StatusCallback", statusCallback(message.statusCallbackUrl, message.messageId));
  }
  return form;
}

/** A message the lookup found, with where its delivery stands. */
export function foundMessage(message: TwilioMessage): FoundMessage {
  // accepted and scheduled messages are Twilio's to send; a canceled one never goes out.
  const status =
    twilioDeliveryStatus(message.status) ?? (message.status === "canceled" ? "FAILED" : "SENT");
  const code = message.errorCode;
  return {
    providerMessageId: message.sid,
    status,
    ...(status === "FAILED" && code !== null
      ? { errorCode: String(code), ...(TWILIO_OPT_OUT_CODES.has(code) ? { optedOut: true } : {}) }
      : {}),
  };
}

/** What a webhook request adds to its parameters. */
export interface WebhookMeta {
  /** `I-Twilio-Idempotency-Token`: the same on Twilio's retries of one webhook. */
  idempotencyToken?: string | undefined;
  /** Crosscast's message id from the StatusCallback URL's query. */
  messageId?: string | null | undefined;
}

function statusEvents(fields: URLSearchParams, meta: WebhookMeta): MessagingWebhookEvent[] {
  const sid = fields.get("MessageSid") ?? fields.get("SmsSid") ?? "";
  const raw = fields.get("MessageStatus") ?? "";
  const status = twilioDeliveryStatus(raw);
  if (!sid || !status) {
    return []; // accepted, scheduled, canceled...: nothing Crosscast tracks
  }
  const errorCode = fields.get("ErrorCode");
  const failed = status === "FAILED";
  return [
    {
      type: "MESSAGE_STATUS",
      eventId: meta.idempotencyToken || `${sid}:${raw}`,
      providerMessageId: sid,
      ...(meta.messageId ? { messageId: meta.messageId } : {}),
      status,
      ...(failed && errorCode ? { errorCode } : {}),
      ...(failed && TWILIO_OPT_OUT_CODES.has(Number(errorCode)) ? { optedOut: true } : {}),
    },
  ];
}

function inboundEvents(fields: URLSearchParams, meta: WebhookMeta): MessagingWebhookEvent[] {
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
      eventId: meta.idempotencyToken || sid,
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

/** A webhook's parameters as events: a status callback has MessageStatus, an inbound SMS not. */
export function toWebhookEvents(
  fields: URLSearchParams,
  meta: WebhookMeta = {},
): MessagingWebhookEvent[] {
  return fields.has("MessageStatus") ? statusEvents(fields, meta) : inboundEvents(fields, meta);
}
