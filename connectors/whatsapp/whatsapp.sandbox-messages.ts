import { graphOk } from "../families/meta/meta.sandbox-errors.js";
import { graphParameters } from "../families/meta/meta.sandbox-graph.js";
import { rec, records, str, type JsonRecord } from "../kit/json.js";
import type { SandboxReply, SandboxRequest } from "../sandbox/sandbox.js";
import { whatsappErrors as errors } from "./whatsapp.sandbox-errors.js";
import {
  newWamid,
  placeholderCount,
  type AcceptedMessage,
  type PhoneNumberRecord,
  type SandboxState,
} from "./whatsapp.sandbox-state.js";
import type { WebhookPoster } from "./whatsapp.sandbox-webhooks.js";

/**
 * POST /{v}/{phone-number-id}/messages with Meta's validation, on the parameters Graph reads
 * (JSON, or a form whose nested values are JSON; any other body has none, so the first required
 * parameter is reported missing). The sandbox supports text and template messages.
 */
const MAX_TEXT = 4096;
const MAX_CALLBACK_DATA = 512;

type Base = Pick<AcceptedMessage, "phoneNumberId" | "to" | "bizOpaqueCallbackData">;
type Checked = { reply: SandboxReply } | { message: Omit<AcceptedMessage, "id" | "acceptedAt"> };

const refuse = (message: string, details?: string): Checked => ({
  reply: errors.invalidParameter(message, details),
});

function checkText(body: JsonRecord, base: Base): Checked {
  const text = str(rec(body, "text") ?? {}, "body");
  if (text === undefined) {
    return refuse("The parameter text['body'] is required.");
  }
  if (text.length > MAX_TEXT) {
    return refuse(`Param text['body'] must be at most ${MAX_TEXT} characters long.`);
  }
  return { message: { ...base, type: "text", text } };
}

function checkTemplate(state: SandboxState, body: JsonRecord, base: Base): Checked {
  const template = rec(body, "template") ?? {};
  const name = str(template, "name");
  const language = str(rec(template, "language") ?? {}, "code");
  if (!name) {
    return refuse("The parameter template['name'] is required.");
  }
  if (!language) {
    return refuse("The parameter template['language'] is required.");
  }
  const found = state.findTemplate(name, language);
  if (!found) {
    return { reply: errors.templateMissing(name, language) };
  }
  const parameters = records(template.components)
    .filter(component => str(component, "type") === "body")
    .flatMap(component => records(component.parameters));
  if (parameters.some(p => str(p, "type") !== "text" || str(p, "text") === undefined)) {
    return refuse("Invalid parameter", "body parameters must be of type text, with a text value");
  }
  const expected = placeholderCount(found.body);
  if (parameters.length !== expected) {
    return { reply: errors.templateParameters(expected, parameters.length) };
  }
  const text = found.body.replace(
    /\{\{(\d+)\}\}/g,
    (_match, index: string) => str(parameters[Number(index) - 1] ?? {}, "text") ?? "",
  );
  const { category } = found;
  return { message: { ...base, type: "template", text, template: { name, language, category } } };
}

function check(state: SandboxState, phone: PhoneNumberRecord, body: JsonRecord): Checked {
  const product = body.messaging_product;
  if (product === undefined) {
    return refuse("The parameter messaging_product is required.");
  }
  if (product !== "whatsapp") {
    return refuse(`Param messaging_product must be one of {WHATSAPP} - got "${String(product)}".`);
  }
  const recipientType = body.recipient_type;
  if (recipientType !== undefined && recipientType !== "individual") {
    return refuse("Invalid parameter", "recipient_type must be individual");
  }
  const to = body.to;
  if (to === undefined || to === "") {
    return refuse("The parameter to is required.");
  }
  if (typeof to !== "string" || !/^\d{5,15}$/.test(to)) {
    return refuse("Invalid parameter", "to must be a phone number (digits)");
  }
  const callback = body.biz_opaque_callback_data;
  if (
    callback !== undefined &&
    (typeof callback !== "string" || callback.length > MAX_CALLBACK_DATA)
  ) {
    return refuse(
      `Param biz_opaque_callback_data must be at most ${MAX_CALLBACK_DATA} characters long.`,
    );
  }
  const base: Base = {
    phoneNumberId: phone.id,
    to,
    ...(typeof callback === "string" ? { bizOpaqueCallbackData: callback } : {}),
  };
  const type = body.type ?? "text"; // Graph's default message type
  if (type === "text") {
    return checkText(body, base);
  }
  if (type === "template") {
    return checkTemplate(state, body, base);
  }
  return refuse("Invalid parameter", "the sandbox supports text and template messages only");
}

export function handleSend(
  state: SandboxState,
  webhooks: WebhookPoster,
  phone: PhoneNumberRecord,
  request: SandboxRequest,
  now: Date,
): SandboxReply {
  const checked = check(state, phone, graphParameters(request));
  if ("reply" in checked) {
    return checked.reply;
  }
  const message: AcceptedMessage = { ...checked.message, id: newWamid(), acceptedAt: now };
  state.accepted.push(message);
  webhooks.statuses(phone, message);
  return graphOk({
    messaging_product: "whatsapp",
    contacts: [{ input: message.to, wa_id: message.to }],
    // Templates report a pacing status (unverified: whether text sends carry it too).
    messages: [{ id: message.id, ...(message.template ? { message_status: "accepted" } : {}) }],
  });
}
