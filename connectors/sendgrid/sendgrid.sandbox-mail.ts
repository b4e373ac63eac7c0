import { loadSpec, OpenApiValidator, type OpenApiIssue } from "../sandbox/openapi-validator.js";
import { jsonBody, type SandboxRequest } from "../sandbox/sandbox.js";
import {
  BAD_REQUEST,
  CONTENT_TOO_LARGE,
  CONTENT_TYPE_JSON,
  mailHelp,
  oneError,
  SENDER_IDENTITY,
  type SendgridErrorEntry,
} from "./sendgrid.sandbox-replies.js";
import type { SandboxAccount } from "./sendgrid.sandbox-state.js";
import { isRecord, type JsonRecord } from "./sendgrid.schemas.js";

const MAIL_SEND = "/v3/mail/send";
/** SendGrid's limit on a whole message, attachments included. */
const MAX_BYTES = 30 * 1024 * 1024;

/**
 * The official spec (twilio/sendgrid-oai, MIT) types the message-level `custom_args` as a string,
 * while the API takes an object of string values (the SDKs send one; a number value is refused
 * with "Bad Request"). We correct that one schema in our in-memory copy.
 */
function correctSpec(document: object): void {
  let node: unknown = document;
  for (const step of ["components", "requestBodies", "PostMailSend", "content"]) {
    node = isRecord(node) ? node[step] : undefined;
  }
  const media = isRecord(node) ? node["application/json"] : undefined;
  const schema = isRecord(media) ? media.schema : undefined;
  const properties = isRecord(schema) ? schema.properties : undefined;
  if (isRecord(properties) && isRecord(properties.custom_args)) {
    // Non-string values are refused later, with SendGrid's field-less "Bad Request".
    properties.custom_args = { type: "object" };
  }
}

// The validator compiles the spec once per process, on first use: it holds no sandbox state.
let validator: OpenApiValidator | undefined;
function mailValidator(): OpenApiValidator {
  if (!validator) {
    const document = loadSpec(new URL("../specs/sendgrid_mail_v3.json", import.meta.url));
    correctSpec(document);
    validator = new OpenApiValidator(document);
  }
  return validator;
}

export type MailReading =
  | { ok: false; status: number; errors: SendgridErrorEntry[] }
  | {
      ok: true;
      body: JsonRecord;
      from: string;
      recipients: string[];
      subject?: string;
      templateId?: string;
      customArgs: Record<string, string>;
    };

function refuse(status: number, errors: SendgridErrorEntry[]): MailReading {
  return { ok: false, status, errors };
}

/** An OpenAPI issue in SendGrid's words, where we know them. */
function describeIssue(issue: OpenApiIssue): SendgridErrorEntry {
  const { field, message } = issue;
  const sendgrid = (text: string) => ({ message: text, field, help: mailHelp(field) });
  if (/(^|\.)email$/.test(field) && message.includes("format")) {
    return sendgrid("Does not contain a valid address.");
  }
  if (/^content\.\d+\.value$/.test(field)) {
    return sendgrid("The content value must be a string at least one character in length.");
  }
  if (/^content\.\d+\.type$/.test(field)) {
    return sendgrid("The content type must be a string at least one character in length.");
  }
  if (field === "personalizations") {
    return sendgrid(
      "The personalizations field is required and must have at least one personalization.",
    );
  }
  if (field === "from") {
    return sendgrid(
      "The from object must be provided for every email send. It is an object that requires the email parameter, but may also contain a name parameter.",
    );
  }
  return sendgrid(`The ${field} field ${message}.`);
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function addresses(value: unknown): string[] {
  return Array.isArray(value)
    ? value.flatMap(entry => (isRecord(entry) && text(entry.email) ? [String(entry.email)] : []))
    : [];
}

/** What the schema cannot say: SendGrid's cross-field rules (wording from memory, unverified). */
function crossFieldErrors(body: JsonRecord): SendgridErrorEntry[] {
  const personalizations = Array.isArray(body.personalizations) ? body.personalizations : [];
  const errors: SendgridErrorEntry[] = [];
  const field = (name: string, message: string) =>
    errors.push({ message, field: name, help: mailHelp(name) });
  if (personalizations.length === 0) {
    field(
      "personalizations",
      "The personalizations field is required and must have at least one personalization.",
    );
  }
  personalizations.forEach((entry, index) => {
    if (!isRecord(entry) || addresses(entry.to).length === 0) {
      field(
        `personalizations.${index}.to`,
        "The to array is required for all personalization objects, and must have at least one email object with a valid email address.",
      );
    }
  });
  const templated = text(body.template_id) !== undefined;
  const everySubject = personalizations.every(entry => isRecord(entry) && text(entry.subject));
  if (!templated && !text(body.subject) && !everySubject) {
    field(
      "subject",
      "The subject is required. You can get around this requirement if you use a template with a subject defined or if every personalization has a subject defined.",
    );
  }
  if (!templated && (!Array.isArray(body.content) || body.content.length === 0)) {
    field(
      "content",
      "Unless a valid template_id is provided, the content parameter is required. There must be at least one defined content block.",
    );
  }
  return errors;
}

function stringArgs(value: unknown): Record<string, string> | undefined {
  if (value === undefined) {
    return {};
  }
  if (!isRecord(value)) {
    return undefined;
  }
  const entries = Object.entries(value);
  return entries.every(([, arg]) => typeof arg === "string")
    ? Object.fromEntries(entries.map(([key, arg]) => [key, String(arg)]))
    : undefined;
}

/**
 * Reads a `POST /v3/mail/send` the way SendGrid does: size, content type, JSON, the official
 * schema, cross-field rules, then the sender identity.
 */
export function readMailSend(request: SandboxRequest, account: SandboxAccount): MailReading {
  if (request.rawBody.length > MAX_BYTES) {
    return refuse(413, oneError(CONTENT_TOO_LARGE));
  }
  const issues = mailValidator().validate(
    "POST",
    MAIL_SEND,
    request.headers["content-type"],
    request.rawBody,
  );
  if (issues.some(issue => issue.field === "content-type")) {
    return refuse(415, oneError(CONTENT_TYPE_JSON));
  }
  if (issues.some(issue => issue.field === "body")) {
    return refuse(400, oneError(BAD_REQUEST));
  }
  if (issues.length > 0) {
    return refuse(400, issues.map(describeIssue));
  }
  const body = jsonBody(request);
  if (!isRecord(body)) {
    return refuse(400, oneError(BAD_REQUEST));
  }
  const crossField = crossFieldErrors(body);
  if (crossField.length > 0) {
    return refuse(400, crossField);
  }
  const personalizations = Array.isArray(body.personalizations) ? body.personalizations : [];
  const topArgs = stringArgs(body.custom_args);
  const personalArgs = personalizations.map(entry =>
    stringArgs(isRecord(entry) ? entry.custom_args : undefined),
  );
  if (!topArgs || personalArgs.some(args => !args)) {
    return refuse(400, oneError(BAD_REQUEST));
  }
  const from = isRecord(body.from) ? text(body.from.email) : undefined;
  const senders = [
    from,
    ...personalizations.map(entry =>
      isRecord(entry) && isRecord(entry.from) ? text(entry.from.email) : undefined,
    ),
  ].filter((address): address is string => address !== undefined);
  if (!from || senders.some(address => !account.verifiedSenders.has(address.toLowerCase()))) {
    return refuse(403, oneError(SENDER_IDENTITY, "from"));
  }
  const recipients = personalizations.flatMap(entry =>
    isRecord(entry)
      ? [...addresses(entry.to), ...addresses(entry.cc), ...addresses(entry.bcc)]
      : [],
  );
  const subject = text(body.subject);
  const templateId = text(body.template_id);
  return {
    ok: true,
    body,
    from,
    recipients,
    ...(subject ? { subject } : {}),
    ...(templateId ? { templateId } : {}),
    // Personalization-level args override message-level ones (SendGrid's rule); one personalization
    // is what Crosscast sends, so the first one's args are merged in.
    customArgs: { ...topArgs, ...personalArgs[0] },
  };
}
