import type { OutboundMessage } from "../kit/contracts/index.js";

/**
 * Crosscast's outbound message as a Cloud API message object (JSON), pure.
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/send-messages
 */
export interface TextMessageBody {
  messaging_product: "whatsapp";
  recipient_type: "individual";
  to: string;
  type: "text";
  text: { body: string; preview_url: false };
  biz_opaque_callback_data: string;
}

export interface TemplateMessageBody {
  messaging_product: "whatsapp";
  recipient_type: "individual";
  to: string;
  type: "template";
  template: {
    name: string;
    language: { code: string };
    components?: Array<{ type: "body"; parameters: Array<{ type: "text"; text: string }> }>;
  };
  biz_opaque_callback_data: string;
}

export type MessageBody = TextMessageBody | TemplateMessageBody;

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

export function toMessageBody(message: OutboundMessage): MessageBody | undefined {
  const common = {
    messaging_product: "whatsapp",
    recipient_type: "individual",
    to: toWhatsappId(message.to),
    // Echoed in every status webhook of this message: how a lost answer is resolved later.
    biz_opaque_callback_data: message.messageId,
  } as const;
  if (message.template) {
    const parameters = orderedParameters(message.template.parameters);
    return {
      ...common,
      type: "template",
      template: {
        name: message.template.name,
        language: { code: message.template.language ?? DEFAULT_TEMPLATE_LANGUAGE },
        ...(parameters.length > 0
          ? {
              components: [
                { type: "body", parameters: parameters.map(text => ({ type: "text", text })) },
              ],
            }
          : {}),
      },
    };
  }
  if (message.text === undefined) {
    return undefined;
  }
  return { ...common, type: "text", text: { body: message.text, preview_url: false } };
}
