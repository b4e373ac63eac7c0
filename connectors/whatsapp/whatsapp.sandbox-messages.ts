import { formBody, jsonBody, type SandboxReply, type SandboxRequest } from "../sandbox/sandbox.js";
import { isRecord, records, str, type JsonRecord } from "./whatsapp.schemas.js";
import { graphErrors, graphHeaders } from "./whatsapp.sandbox-errors.js";
import {
  newWamid,
  placeholderCount,
  type AcceptedMessage,
  type PhoneNumberRecord,
  type SandboxState,
} from "./whatsapp.sandbox-state.js";
import type { WebhookPoster } from "./whatsapp.sandbox-webhooks.js";

/**
 * POST /{v}/{phone-number-id}/messages with Meta's validation. Graph reads JSON, or a form whose
 * nested values are JSON strings; any other body is read as no parameters at all, so the first
 * required parameter is reported missing. The sandbox supports text and template messages.
 */
const MAX_TEXT = 4096;
const MAX_CALLBACK_DATA = 512;

/** The request's parameters, as Graph reads them from its content type. */
export function graphParameters(request: SandboxRequest): JsonRecord {
  const type = request.headers["content-type"] ?? "";
  if (type.includes("application/json")) {
    try {
      const parsed = jsonBody(request);
      return isRecord(parsed) ? parsed : {};
    } catch {
      return {};
    }
  }
  if (type.includes("application/x-www-form-urlencoded")) {
    const params: JsonRecord = {};
    for (const [key, value] of formBody(request)) {
      try {
        params[key] = /^[[{]/.test(value) ? (JSON.parse(value) as unknown) : value;
      } catch {
        params[key] = value;
      }
    }
    return params;
  }
  return {};
}

type Checked = { reply: SandboxReply } | { message: Omit<AcceptedMessage, "id" | "acceptedAt"> };

function checkText(body: JsonRecord, base: { phoneNumberId: string; to: string }): Checked {
  const text = isRecord(body.text) ? str(body.text, "body") : undefined;
  if (text === undefined) {
    return { reply: graphErrors.invalidParameter("The parameter text['body'] is required.") };
  }
  if (text.length > MAX_TEXT) {
    return {
      reply: graphErrors.invalidParameter(
        `Param text['body'] must be at most ${MAX_TEXT} characters long.`,
      ),
    };
  }
  return { message: { ...base, type: "text", text } };
}

function checkTemplate(
  state: SandboxState,
  body: JsonRecord,
  base: { phoneNumberId: string; to: string },
): Checked {
  const template = isRecord(body.template) ? body.template : {};
  const name = str(template, "name");
  const language = isRecord(template.language) ? str(template.language, "code") : undefined;
  if (!name) {
    return { reply: graphErrors.invalidParameter("The parameter template['name'] is required.") };
  }
  if (!language) {
    return {
      reply: graphErrors.invalidParameter("The parameter template['language'] is required."),
    };
  }
  const found = state.findTemplate(name, language);
  if (!found) {
    return { reply: graphErrors.templateMissing(name, language) };
  }
  const parameters = records(template.components)
    .filter(component => str(component, "type") === "body")
    .flatMap(component => records(component.parameters));
  if (parameters.some(p => str(p, "type") !== "text" || str(p, "text") === undefined)) {
    return {
      reply: graphErrors.invalidParameter(
        "Invalid parameter",
        "body parameters must be of type text, with a text value",
      ),
    };
  }
  const expected = placeholderCount(found.body);
  if (parameters.length !== expected) {
    return { reply: graphErrors.templateParameters(expected, parameters.length) };
  }
  const text = found.body.replace(
    /\{\{(\d+)\}\}/g,
    (_match, index: string) => str(parameters[Number(index) - 1] ?? {}, "text") ?? "",
  );
  return {
    message: {
      ...base,
      type: "template",
      text,
      template: { name, language, category: found.category },
    },
  };
}

function check(state: SandboxState, phone: PhoneNumberRecord, body: JsonRecord): Checked {
  const product = body.messaging_product;
  if (product === undefined) {
    return { reply: graphErrors.invalidParameter("The parameter messaging_product is required.") };
  }
  if (product !== "whatsapp") {
    return {
      reply: graphErrors.invalidParameter(
        `Param messaging_product must be one of {WHATSAPP} - got "${String(product)}".`,
      ),
    };
  }
  const recipientType = body.recipient_type;
  if (recipientType !== undefined && recipientType !== "individual") {
    return {
      reply: graphErrors.invalidParameter("Invalid parameter", "recipient_type must be individual"),
    };
  }
  const to = body.to;
  if (to === undefined || to === "") {
    return { reply: graphErrors.invalidParameter("The parameter to is required.") };
  }
  if (typeof to !== "string" || !/^\d{5,15}$/.test(to)) {
    return {
      reply: graphErrors.invalidParameter(
        "Invalid parameter",
        "to must be a phone number (digits)",
      ),
    };
  }
  const callback = body.biz_opaque_callback_data;
  if (
    callback !== undefined &&
    (typeof callback !== "string" || callback.length > MAX_CALLBACK_DATA)
  ) {
    return {
      reply: graphErrors.invalidParameter(
        `Param biz_opaque_callback_data must be at most ${MAX_CALLBACK_DATA} characters long.`,
      ),
    };
  }
  const base = {
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
  return {
    reply: graphErrors.invalidParameter(
      "Invalid parameter",
      "the sandbox supports text and template messages only",
    ),
  };
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
  return {
    status: 200,
    headers: graphHeaders(),
    body: {
      messaging_product: "whatsapp",
      contacts: [{ input: message.to, wa_id: message.to }],
      // Templates report a pacing status (unverified: whether text sends carry it too).
      messages: [{ id: message.id, ...(message.template ? { message_status: "accepted" } : {}) }],
    },
  };
}
