import { signMeta } from "../kit/webhook-signatures.js";
import type { SandboxEnvironment } from "../sandbox/sandbox.js";
import { MARKETING_OPT_OUT_CODE as MARKETING_OPT_OUT } from "./whatsapp.classifier.js";
import type { AcceptedMessage, PhoneNumberRecord, SandboxState } from "./whatsapp.sandbox-state.js";
import { newWamid } from "./whatsapp.sandbox-state.js";

/**
 * The webhooks the WhatsApp sandbox sends to the app's callback URL, as Meta does: one JSON POST
 * per change, `X-Hub-Signature-256` over the raw body with the app secret. Sent only for WABAs
 * our app is subscribed to. Meta also adds `conversation` and `pricing` objects to statuses; the
 * sandbox leaves them out.
 */
const UNDELIVERABLE = 131026;

const ERROR_TEXT: Record<number, { title: string; details: string }> = {
  [UNDELIVERABLE]: {
    title: "Message undeliverable",
    details: "Message Undeliverable.",
  },
  [MARKETING_OPT_OUT]: {
    title: "User has stopped marketing messages",
    details:
      "Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business.",
  },
};

function seconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

function digits(display: string): string {
  return display.replace(/\D/g, "");
}

export function createWebhookPoster(env: SandboxEnvironment, state: SandboxState) {
  function post(phone: PhoneNumberRecord, field: string, value: object, delayMs = 0): void {
    const url = env.appWebhookUrl();
    const secret = env.app.webhookSecret;
    if (!url || !secret || !state.wabas.get(phone.wabaId)?.subscribed) {
      return;
    }
    const body = JSON.stringify({
      object: "whatsapp_business_account",
      entry: [
        {
          id: phone.wabaId,
          changes: [
            {
              value: {
                messaging_product: "whatsapp",
                metadata: {
                  display_phone_number: digits(phone.displayPhoneNumber),
                  phone_number_id: phone.id,
                },
                ...value,
              },
              field,
            },
          ],
        },
      ],
    });
    env.webhooks.send({
      url,
      headers: {
        "content-type": "application/json",
        "user-agent": "facebookexternalua",
        "x-hub-signature-256": signMeta(secret, body),
      },
      body,
      delayMs,
    });
  }

  function status(
    phone: PhoneNumberRecord,
    message: AcceptedMessage,
    name: "sent" | "delivered" | "read" | "failed",
    step: number,
    errorCode?: number,
  ): void {
    const text = errorCode !== undefined ? ERROR_TEXT[errorCode] : undefined;
    const at = new Date(env.now().getTime() + step * env.statusDelayMs);
    const entry = {
      id: message.id,
      status: name,
      timestamp: String(seconds(at)),
      recipient_id: message.to,
      ...(message.bizOpaqueCallbackData
        ? { biz_opaque_callback_data: message.bizOpaqueCallbackData }
        : {}),
      ...(errorCode !== undefined
        ? {
            errors: [
              {
                code: errorCode,
                title: text?.title ?? "Message failed",
                message: text?.title ?? "Message failed",
                error_data: { details: text?.details ?? "Message failed." },
                href: "https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes",
              },
            ],
          }
        : {}),
    };
    post(phone, "messages", { statuses: [entry] }, step * env.statusDelayMs);
  }

  return {
    /**
     * sent → delivered → read, or sent → failed (131026), as `env.deliveries` decides. A marketing
     * template to a user who stopped marketing messages fails at once with 131050.
     */
    statuses(phone: PhoneNumberRecord, message: AcceptedMessage): void {
      const waba = state.wabas.get(phone.wabaId);
      if (message.template?.category === "MARKETING" && waba?.stoppedMarketing.has(message.to)) {
        status(phone, message, "failed", 1, MARKETING_OPT_OUT);
        return;
      }
      const outcome = env.deliveries.decide({
        provider: "whatsapp",
        channel: "WHATSAPP",
        recipient: message.to,
        messageId: message.id,
      });
      status(phone, message, "sent", 1);
      if (!outcome.delivered) {
        const code = Number(outcome.failureCode);
        status(phone, message, "failed", 2, Number.isInteger(code) ? code : UNDELIVERABLE);
        return;
      }
      status(phone, message, "delivered", 2);
      if (outcome.read) {
        status(phone, message, "read", 3);
      }
    },

    /** A user's text message to the business number. */
    inbound(phone: PhoneNumberRecord, from: string, text: string, name: string): string {
      const id = newWamid();
      post(phone, "messages", {
        contacts: [{ profile: { name }, wa_id: from }],
        messages: [
          { from, id, timestamp: String(seconds(env.now())), type: "text", text: { body: text } },
        ],
      });
      return id;
    },

    /** The `user_preferences` webhook: a user stopped or resumed marketing messages. */
    preference(phone: PhoneNumberRecord, waId: string, value: "stop" | "resume", name: string) {
      post(phone, "user_preferences", {
        contacts: [{ profile: { name }, wa_id: waId }],
        user_preferences: [
          {
            wa_id: waId,
            detail:
              value === "stop"
                ? "User requested to stop marketing messages"
                : "User requested to resume marketing messages",
            category: "marketing_messages",
            value,
            timestamp: seconds(env.now()),
          },
        ],
      });
    },
  };
}

export type WebhookPoster = ReturnType<typeof createWebhookPoster>;
