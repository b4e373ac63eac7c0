import { MARKETING_OPT_OUT_CODE } from "./whatsapp.classifier.js";
import { safeEqual, verifyMeta } from "../kit/webhook-signatures.js";
import {
  isOptOutText,
  type DeliveryStatus,
  type WebhookEvent,
  type WebhookHandler,
  type WebhookReply,
  type WebhookRequest,
} from "../kit/contracts/index.js";
import { isRecord, records, str, type JsonRecord } from "./whatsapp.schemas.js";

/**
 * Meta's app-level webhooks for WhatsApp: one callback URL per app, a GET `hub.challenge`
 * handshake with the verify token, and `X-Hub-Signature-256` (HMAC-SHA256 with the app secret)
 * over the raw body. Meta signs no timestamp, so a replay is recognised by its event id.
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages/status
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/user_preferences
 */
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

function epoch(seconds: string | undefined): Date | undefined {
  return seconds && /^\d+$/.test(seconds) ? new Date(Number(seconds) * 1000) : undefined;
}

function statusEvents(value: JsonRecord): WebhookEvent[] {
  return records(value.statuses).flatMap((status): WebhookEvent[] => {
    const id = str(status, "id");
    const name = str(status, "status");
    const mapped = name ? STATUSES[name] : undefined;
    if (!id || !name || !mapped) {
      return [];
    }
    const [firstError] = records(status.errors);
    const code = firstError?.code;
    const messageId = str(status, "biz_opaque_callback_data");
    const occurredAt = epoch(str(status, "timestamp"));
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
        ...(occurredAt ? { occurredAt } : {}),
      },
    ];
  });
}

/** The text of an inbound message: typed text, or the label of a tapped quick-reply button. */
function inboundText(message: JsonRecord): string | undefined {
  const type = str(message, "type");
  if (type === "text" && isRecord(message.text)) {
    return str(message.text, "body");
  }
  if (type === "button" && isRecord(message.button)) {
    return str(message.button, "text");
  }
  return undefined;
}

function inboundEvents(value: JsonRecord, metadata: JsonRecord): WebhookEvent[] {
  return records(value.messages).flatMap((message): WebhookEvent[] => {
    const id = str(message, "id");
    const text = inboundText(message);
    if (!id || text === undefined) {
      return [];
    }
    const accountId = str(metadata, "phone_number_id");
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
function preferenceEvents(value: JsonRecord, metadata: JsonRecord): WebhookEvent[] {
  return records(value.user_preferences).flatMap((preference): WebhookEvent[] => {
    const waId = str(preference, "wa_id");
    const category = str(preference, "category") ?? "marketing_messages";
    const choice = str(preference, "value");
    if (!waId || (choice !== "stop" && choice !== "resume")) {
      return [];
    }
    const eventId = `${waId}:${category}:${choice}:${String(preference.timestamp ?? "")}`;
    const accountId = str(metadata, "phone_number_id");
    const common = { eventId, ...(accountId ? { accountId } : {}), address: e164(waId) };
    // "resume" is the user's own choice in WhatsApp, so it lifts the opt-out.
    return [
      choice === "stop"
        ? { type: "OPT_OUT", ...common, reason: category }
        : { type: "OPT_IN", ...common },
    ];
  });
}

export function parseWhatsappWebhook(rawBody: Buffer): WebhookEvent[] {
  let payload: unknown;
  try {
    payload = JSON.parse(rawBody.toString("utf8"));
  } catch {
    return [];
  }
  if (!isRecord(payload) || payload.object !== "whatsapp_business_account") {
    return [];
  }
  return records(payload.entry).flatMap(entry =>
    records(entry.changes).flatMap(change => {
      const value = isRecord(change.value) ? change.value : undefined;
      if (!value) {
        return [];
      }
      const metadata = isRecord(value.metadata) ? value.metadata : {};
      const field = str(change, "field");
      if (field === "messages") {
        return [...statusEvents(value), ...inboundEvents(value, metadata)];
      }
      return field === "user_preferences" ? preferenceEvents(value, metadata) : [];
    }),
  );
}

export const whatsappWebhooks: WebhookHandler = {
  scope: "app",
  /** GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…: echo the challenge as text. */
  handshake(request: WebhookRequest, { config }): WebhookReply | undefined {
    if (request.method !== "GET") {
      return undefined;
    }
    const token = request.query.get("hub.verify_token") ?? "";
    const challenge = request.query.get("hub.challenge");
    const ok =
      request.query.get("hub.mode") === "subscribe" &&
      challenge !== null &&
      !!config.webhookSecret &&
      safeEqual(token, config.webhookSecret);
    return ok
      ? { status: 200, headers: { "content-type": "text/plain" }, body: challenge }
      : { status: 403 };
  },
  verify(request, { config }) {
    return (
      !!config.webhookSecret &&
      verifyMeta(config.webhookSecret, request.rawBody, request.headers["x-hub-signature-256"])
    );
  },
  parse: request => parseWhatsappWebhook(request.rawBody),
  acknowledge: { status: 200 },
};
