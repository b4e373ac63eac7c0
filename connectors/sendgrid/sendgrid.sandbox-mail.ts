import { randomBytes } from "node:crypto";
import { isRecord, rec, records, str, type JsonRecord } from "../kit/json.js";
import { loadSpec, OpenApiValidator } from "../sandbox/openapi-validator.js";
import { jsonBody, type SandboxReply, type SandboxRequest } from "../sandbox/sandbox.js";
import {
  BAD_REQUEST,
  CONTENT_TOO_LARGE,
  CONTENT_TYPE_JSON,
  describeIssue,
  errorReply,
  MAIL_MESSAGES,
  mailError,
  oneError,
  SENDER_IDENTITY,
  type SendgridErrorEntry,
} from "./sendgrid.sandbox-errors.js";
import type { AcceptedMail, Caller, SendgridState } from "./sendgrid.sandbox-state.js";
import { sendMailEvents } from "./sendgrid.sandbox-webhooks.js";

/** SendGrid's limit on a whole message, attachments included. */
const MAX_BYTES = 30 * 1024 * 1024;

// The official spec (twilio/sendgrid-oai, MIT, unedited), compiled once per process on first use.
let validator: OpenApiValidator | undefined;
const mailValidator = () =>
  (validator ??= new OpenApiValidator(
    loadSpec(new URL("../specs/sendgrid_mail_v3.json", import.meta.url)),
  ));

type MailReading =
  | { ok: false; status: number; errors: SendgridErrorEntry[] }
  | { ok: true; body: JsonRecord; from: string; customArgs: Record<string, string> };

const refuse = (status: number, errors: SendgridErrorEntry[]): MailReading => ({
  ok: false,
  status,
  errors,
});

/** Non-empty `email`s of an array of address objects. */
const addresses = (value: unknown) => records(value).flatMap(entry => str(entry, "email") || []);
const text = (record: JsonRecord | undefined, key: string) =>
  (record && str(record, key)) || undefined;

/** What the schema cannot say: SendGrid's cross-field rules. */
function crossFieldErrors(body: JsonRecord, personalizations: JsonRecord[]): SendgridErrorEntry[] {
  const errors: SendgridErrorEntry[] = [];
  if (personalizations.length === 0) {
    errors.push(mailError("personalizations", MAIL_MESSAGES.personalizations));
  }
  personalizations.forEach((entry, index) => {
    if (addresses(entry.to).length === 0) {
      errors.push(mailError(`personalizations.${index}.to`, MAIL_MESSAGES.to));
    }
  });
  const templated = text(body, "template_id") !== undefined;
  if (!templated && !text(body, "subject") && !personalizations.every(p => text(p, "subject"))) {
    errors.push(mailError("subject", MAIL_MESSAGES.subject));
  }
  if (!templated && records(body.content).length === 0) {
    errors.push(mailError("content", MAIL_MESSAGES.content));
  }
  return errors;
}

/** Custom args as SendGrid takes them: an object of strings (a number value is a Bad Request). */
function stringArgs(value: unknown): Record<string, string> | undefined {
  if (value === undefined) {
    return {};
  }
  const entries = isRecord(value) ? Object.entries(value) : [];
  return isRecord(value) && entries.every(([, arg]) => typeof arg === "string")
    ? Object.fromEntries(entries.map(([key, arg]) => [key, String(arg)]))
    : undefined;
}

/**
 * Reads a `POST /v3/mail/send` the way SendGrid does: size, content type, JSON, the official
 * schema, cross-field rules, custom args, then the sender identity. The spec types the top-level
 * `custom_args` as a string (SendGrid's SDK helpers send an object there; the sandbox keeps to the
 * spec and refuses one): such a string names no args, so events echo only the personalization's.
 */
function readMailSend(request: SandboxRequest, caller: Caller): MailReading {
  if (request.rawBody.length > MAX_BYTES) {
    return refuse(413, oneError(CONTENT_TOO_LARGE));
  }
  const contentType = request.headers["content-type"];
  const issues = mailValidator().validate("POST", "/v3/mail/send", contentType, request.rawBody);
  if (issues.some(issue => issue.field === "content-type")) {
    return refuse(415, oneError(CONTENT_TYPE_JSON));
  }
  const argIssue = (field: string) => /(^|\.)custom_args(\.|$)/.test(field);
  const fieldIssues = issues.filter(issue => !argIssue(issue.field));
  if (fieldIssues.some(issue => issue.field === "body")) {
    return refuse(400, oneError(BAD_REQUEST));
  }
  if (fieldIssues.length > 0) {
    return refuse(400, fieldIssues.map(describeIssue));
  }
  const body = jsonBody(request);
  if (!isRecord(body)) {
    return refuse(400, oneError(BAD_REQUEST));
  }
  const personalizations = records(body.personalizations);
  const crossField = crossFieldErrors(body, personalizations);
  if (crossField.length > 0) {
    return refuse(400, crossField);
  }
  const args = personalizations.map(entry => stringArgs(entry.custom_args));
  if (issues.some(issue => argIssue(issue.field)) || args.some(entry => !entry)) {
    return refuse(400, oneError(BAD_REQUEST));
  }
  const from = text(rec(body, "from"), "email");
  const senders = [from, ...personalizations.map(p => text(rec(p, "from"), "email"))];
  const verified = caller.account.verifiedSenders;
  if (!from || senders.some(sender => sender && !verified.has(sender.toLowerCase()))) {
    return refuse(403, oneError(SENDER_IDENTITY, "from"));
  }
  // One personalization is what Crosscast sends: the first one's args are the message's.
  return { ok: true, body, from, customArgs: { ...args[0] } };
}

/** `POST /v3/mail/send`: 202 Accepted, no body, the id in X-Message-Id; then the events. */
export function sendMail(
  request: SandboxRequest,
  caller: Caller,
  state: SendgridState,
): SandboxReply {
  const reading = readMailSend(request, caller);
  if (!reading.ok) {
    return errorReply(reading.status, reading.errors);
  }
  const { body } = reading;
  const personalizations = records(body.personalizations);
  const subject = text(body, "subject");
  const templateId = text(body, "template_id");
  const mail: AcceptedMail = {
    xMessageId: randomBytes(16).toString("base64url").slice(0, 22),
    apiKey: caller.apiKey,
    userId: caller.account.userId,
    from: reading.from,
    recipients: personalizations.flatMap(p => [
      ...addresses(p.to),
      ...addresses(p.cc),
      ...addresses(p.bcc),
    ]),
    ...(subject ? { subject } : {}),
    ...(templateId ? { templateId } : {}),
    customArgs: reading.customArgs,
    body,
    acceptedAt: state.env.now(),
  };
  state.sent.push(mail);
  sendMailEvents(state.env, caller.account, mail);
  return { status: 202, headers: { "X-Message-Id": mail.xMessageId } };
}
