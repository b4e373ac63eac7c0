import { parseMetaChanges } from "../families/meta/meta.schemas.js";
import {
  isOptOutText,
  type DeliveryStatus,
  type MessagingWebhookEvent,
  type OutboundMessage,
} from "../kit/contracts/index.js";
import { int, rec, records, str, type JsonRecord } from "../kit/json.js";
import { MARKETING_OPT_OUT_CODE } from "./whatsapp.classifier.js";

/**
 * Pure mappings between Crosscast and the Cloud API: an outbound message as a Cloud API message
 * object (JSON), and the `messages` and `user_preferences` webhooks as Crosscast's events.
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/send-messages
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages/status
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/user_preferences
 */
interface CommonBody {
  messaging_product: "whatsapp";
  recipient_type: "individual";
  to: string;
  /** Echoed in every status webhook of this message: how a lost answer is resolved later. */
  biz_opaque_callback_data: string;
}

export type TemplateParameter = { type: "text"; text: string };
export type MessageBody = CommonBody &
  (
    | { type: "text"; text: { body: string; preview_url: false } }
    | {
        type: "template";
        template: {
          name: string;
          language: { code: string };
          components?: Array<{ type: "body"; parameters: TemplateParameter[] }>;
        };
      }
  );

/** Templates are approved per language; Meta's sample template is `hello_world` in en_US. */
export const DEFAULT_TEMPLATE_LANGUAGE = "en_US";

/** WhatsApp ids are digits only: "+1 (555) 010-0100" and "whatsapp:+1555…" both become "1555…". */
export function toWhatsappId(address: string): string {
  return address.replace(/\D/g, "");
}

/** Positional body parameters, ordered by key ("1", "2", … "10"; other keys alphabetically). */
export function orderedParameters(parameters: Record<string, string> = {}): string[] {
  return Object.keys(parameters)
    .sort((a, b) => a.localeCompare(b, "en", { numeric: true }))
    .map(key => parameters[key] ?? "");
}

/** The message object to send, or undefined for a message with neither text nor template. */
export function toMessageBody(message: OutboundMessage): MessageBody | undefined {
  const common = {
    messaging_product: "whatsapp",
    recipient_type: "individual",
    to: toWhatsappId(message.to),
    biz_opaque_callback_data: message.messageId,
  } as const;
  if (message.template) {
    const parameters = orderedParameters(message.template.parameters);
    const body = parameters.map((text): TemplateParameter => ({ type: "text", text }));
    return {
      ...common,
      type: "template",
      template: {
        name: message.template.name,
        language: { code: message.template.language ?? DEFAULT_TEMPLATE_LANGUAGE },
        ...(body.length > 0 ? { components: [{ type: "body", parameters: body }] } : {}),
      },
    };
  }
  if (message.text === undefined) {
    return undefined;
  }
  return { ...common, type: "text", text: { body: message.text, preview_url: false } };
}

const STATUSES: Record<string, DeliveryStatus> = {
  sent: "SENT",
  delivered: "DELIVERED",
  read: "READ",
  failed: "FAILED",
};

/** WhatsApp ids and display numbers as E.164, the form Crosscast's suppression list keeps. */
function e164(digits: string | undefined): string {
  const clean = (digits ?? "").replace(/\D/g, "");
  return clean ? `+${clean}` : "";
}

function statusEvents(value: JsonRecord): MessagingWebhookEvent[] {
  return records(value.statuses).flatMap((status): MessagingWebhookEvent[] => {
    const id = str(status, "id");
    const name = str(status, "status");
    const mapped = name ? STATUSES[name] : undefined;
    if (!id || !name || !mapped) {
      return [];
    }
    const code = records(status.errors)[0]?.code;
    const messageId = str(status, "biz_opaque_callback_data");
    const seconds = typeof status.timestamp === "string" ? int(status, "timestamp") : undefined;
    return [
      {
        type: "MESSAGE_STATUS",
        eventId: `${id}:${name}`,
        providerMessageId: id,
        ...(messageId ? { messageId } : {}),
        status: mapped,
        ...(typeof code === "number" || typeof code === "string"
          ? { errorCode: String(code) }
          : {}),
        ...(Number(code) === MARKETING_OPT_OUT_CODE ? { optedOut: true } : {}),
        ...(seconds !== undefined && seconds >= 0 ? { occurredAt: new Date(seconds * 1000) } : {}),
      },
    ];
  });
}

/** The text of an inbound message: typed text, or the label of a tapped quick-reply button. */
function inboundText(message: JsonRecord): string | undefined {
  const type = str(message, "type");
  const part = type === "text" || type === "button" ? rec(message, type) : undefined;
  return part ? str(part, type === "text" ? "body" : "text") : undefined;
}

function inboundEvents(value: JsonRecord, metadata: JsonRecord): MessagingWebhookEvent[] {
  const accountId = str(metadata, "phone_number_id");
  return records(value.messages).flatMap((message): MessagingWebhookEvent[] => {
    const id = str(message, "id");
    const text = inboundText(message);
    if (!id || text === undefined) {
      return [];
    }
    return [
      {
        type: "INBOUND_MESSAGE",
        eventId: id,
        ...(accountId ? { accountId } : {}),
        from: e164(str(message, "from")),
        to: e164(str(metadata, "display_phone_number")),
        text,
        optOut: isOptOutText(text),
      },
    ];
  });
}

/** `user_preferences`: a user stopped (or resumed) marketing messages from this business. */
function preferenceEvents(value: JsonRecord, metadata: JsonRecord): MessagingWebhookEvent[] {
  const accountId = str(metadata, "phone_number_id");
  return records(value.user_preferences).flatMap((preference): MessagingWebhookEvent[] => {
    const waId = str(preference, "wa_id");
    const category = str(preference, "category") ?? "marketing_messages";
    const choice = str(preference, "value");
    if (!waId || (choice !== "stop" && choice !== "resume")) {
      return [];
    }
    const eventId = `${waId}:${category}:${choice}:${String(preference.timestamp ?? "")}`;
    const common = { eventId, ...(accountId ? { accountId } : {}), address: e164(waId) };
    // "resume" is the user's own choice in WhatsApp, so it lifts the opt-out.
    return [
      choice === "stop"
        ? { type: "OPT_OUT", ...common, reason: category }
        : { type: "OPT_IN", ...common },
    ];
  });
}

/** The events in a `whatsapp_business_account` webhook body (one body may carry several). */
export function toWebhookEvents(rawBody: Buffer): MessagingWebhookEvent[] {
  return parseMetaChanges(rawBody, "whatsapp_business_account").flatMap(({ field, value }) => {
    const metadata = rec(value, "metadata") ?? {};
    if (field === "messages") {
      return [...statusEvents(value), ...inboundEvents(value, metadata)];
    }
    return field === "user_preferences" ? preferenceEvents(value, metadata) : [];
  });
}
