import { metaWebhook } from "../families/meta/meta.sandbox-webhooks.js";
import { deliveryTimeline, sendTimeline, type TimelineStep } from "../sandbox/delivery-timeline.js";
import type { SandboxEnvironment } from "../sandbox/sandbox.js";
import { MARKETING_OPT_OUT_CODE, UNDELIVERABLE_CODE } from "./whatsapp.classifier.js";
import {
  newWamid,
  type AcceptedMessage,
  type PhoneNumberRecord,
  type SandboxState,
} from "./whatsapp.sandbox-state.js";

/**
 * The webhooks the WhatsApp sandbox sends to the app's callback URL, as Meta does (the family's
 * signed envelope, object `whatsapp_business_account`), only for WABAs our app is subscribed to.
 * Meta also adds `conversation` and `pricing` objects to statuses; the sandbox leaves them out.
 */
type Status = "sent" | "delivered" | "read" | "failed";

const ERROR_TEXT: Record<number, { title: string; details: string }> = {
  [UNDELIVERABLE_CODE]: { title: "Message undeliverable", details: "Message Undeliverable." },
  [MARKETING_OPT_OUT_CODE]: {
    title: "User has stopped marketing messages",
    details:
      "Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business.",
  },
};

const seconds = (date: Date) => String(Math.floor(date.getTime() / 1000));

function statusEntry(message: AcceptedMessage, step: TimelineStep<Status>): object {
  const numeric = Number(step.failureCode);
  const code = Number.isInteger(numeric) ? numeric : UNDELIVERABLE_CODE;
  const text = ERROR_TEXT[code];
  const error = {
    code,
    title: text?.title ?? "Message failed",
    message: text?.title ?? "Message failed",
    error_data: { details: text?.details ?? "Message failed." },
    href: "https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes",
  };
  return {
    id: message.id,
    status: step.status,
    timestamp: seconds(step.at),
    recipient_id: message.to,
    ...(message.bizOpaqueCallbackData
      ? { biz_opaque_callback_data: message.bizOpaqueCallbackData }
      : {}),
    ...(step.status === "failed" ? { errors: [error] } : {}),
  };
}

export function createWebhookPoster(env: SandboxEnvironment, state: SandboxState) {
  function webhook(phone: PhoneNumberRecord, field: string, value: object) {
    const url = env.appWebhookUrl();
    const appSecret = env.app.webhookSecret;
    if (!url || !appSecret || !state.wabas.get(phone.wabaId)?.subscribed) {
      return undefined;
    }
    const metadata = {
      display_phone_number: phone.displayPhoneNumber.replace(/\D/g, ""),
      phone_number_id: phone.id,
    };
    return metaWebhook({
      url,
      appSecret,
      object: "whatsapp_business_account",
      entryId: phone.wabaId,
      field,
      value: { messaging_product: "whatsapp", metadata, ...value },
    });
  }

  function post(phone: PhoneNumberRecord, field: string, value: object): void {
    const ready = webhook(phone, field, value);
    if (ready) {
      env.webhooks.send(ready);
    }
  }

  return {
    /**
     * sent → delivered → read, or sent → failed (131026), as `env.deliveries` decides. A marketing
     * template to a user who stopped marketing messages fails at once with 131050.
     */
    statuses(phone: PhoneNumberRecord, message: AcceptedMessage): void {
      const stopped =
        message.template?.category === "MARKETING" &&
        state.wabas.get(phone.wabaId)?.stoppedMarketing.has(message.to);
      const steps: Array<TimelineStep<Status>> = stopped
        ? [
            {
              status: "failed",
              at: new Date(env.now().getTime() + env.statusDelayMs),
              failureCode: String(MARKETING_OPT_OUT_CODE),
            },
          ]
        : deliveryTimeline(
            env,
            {
              provider: "whatsapp",
              channel: "WHATSAPP",
              recipient: message.to,
              messageId: message.id,
            },
            { sent: "sent", delivered: "delivered", read: "read", failed: "failed" },
          );
      sendTimeline(env, steps, step =>
        webhook(phone, "messages", { statuses: [statusEntry(message, step)] }),
      );
    },

    /** A user's text message to the business number. */
    inbound(phone: PhoneNumberRecord, from: string, text: string, name: string): string {
      const id = newWamid();
      post(phone, "messages", {
        contacts: [{ profile: { name }, wa_id: from }],
        messages: [{ from, id, timestamp: seconds(env.now()), type: "text", text: { body: text } }],
      });
      return id;
    },

    /** The `user_preferences` webhook: a user stopped or resumed marketing messages. */
    preference(phone: PhoneNumberRecord, waId: string, value: "stop" | "resume", name: string) {
      const detail = `User requested to ${value} marketing messages`;
      post(phone, "user_preferences", {
        contacts: [{ profile: { name }, wa_id: waId }],
        user_preferences: [
          {
            wa_id: waId,
            detail,
            category: "marketing_messages",
            value,
            timestamp: Math.floor(env.now().getTime() / 1000),
          },
        ],
      });
    },
  };
}

export type WebhookPoster = ReturnType<typeof createWebhookPoster>;
