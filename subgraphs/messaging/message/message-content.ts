import type { ChannelLimits, MessagingChannel } from "../../../connectors/kit/contracts/index.js";
import type { MessageContent } from "../../../orm/entities/message.entity.js";
import { BadUserInputError } from "../../shared/errors.js";

export interface ContentInput {
  text?: string | null;
  subject?: string | null;
  html?: string | null;
  template?: {
    name: string;
    language?: string | null;
    parameters?: Array<{ name: string; value: string }> | null;
  } | null;
}

const NAME = /^[A-Za-z0-9_.:-]{1,200}$/;

/** Checks what is sent against the channel's rules and size limits; returns what is stored. */
export function checkContent(
  channel: MessagingChannel,
  limits: ChannelLimits,
  input: ContentInput,
): MessageContent {
  const text = input.text ?? undefined;
  const template = input.template ?? undefined;
  if (!text?.trim() && !template) {
    throw new BadUserInputError("text", "a message needs text or a template");
  }
  if (text !== undefined && text.length > limits.maxTextLength) {
    throw new BadUserInputError(
      "text",
      `is ${text.length} characters; ${channel} allows at most ${limits.maxTextLength}`,
    );
  }
  if (channel !== "EMAIL" && (input.subject != null || input.html != null)) {
    throw new BadUserInputError(input.subject != null ? "subject" : "html", "is for email only");
  }
  if (channel === "EMAIL" && !template && !input.subject?.trim()) {
    throw new BadUserInputError("subject", "an email needs a subject");
  }
  const maxSubject = limits.maxSubjectLength ?? 998;
  if (input.subject && (input.subject.length > maxSubject || /[\r\n]/.test(input.subject))) {
    throw new BadUserInputError("subject", `must be one line of at most ${maxSubject} characters`);
  }
  if (input.html != null && input.html.length > limits.maxTextLength) {
    throw new BadUserInputError("html", `allows at most ${limits.maxTextLength} characters`);
  }
  const content: MessageContent = {};
  if (text !== undefined) {
    content.text = text;
  }
  if (input.subject) {
    content.subject = input.subject;
  }
  if (input.html) {
    content.html = input.html;
  }
  if (template) {
    if (!NAME.test(template.name)) {
      throw new BadUserInputError("template.name", "must be a template name or id");
    }
    const parameters: Record<string, string> = {};
    for (const parameter of template.parameters ?? []) {
      if (Object.hasOwn(parameters, parameter.name)) {
        throw new BadUserInputError("template.parameters", `"${parameter.name}" is given twice`);
      }
      parameters[parameter.name] = parameter.value;
    }
    content.template = {
      name: template.name,
      ...(template.language ? { language: template.language } : {}),
      parameters,
    };
  }
  return content;
}
