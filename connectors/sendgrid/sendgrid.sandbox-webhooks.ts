import { randomBytes } from "node:crypto";
import { signSendGrid } from "./sendgrid.webhooks.js";
import type { JsonRecord } from "../kit/json.js";
import {
  deliveryTimeline,
  sendTimeline,
  type TimelineStep,
  type TimelineWords,
} from "../sandbox/delivery-timeline.js";
import type { SandboxEnvironment } from "../sandbox/sandbox.js";
import type { OutgoingWebhook } from "../sandbox/webhook-sender.js";
import { MESSAGE_ID_ARG } from "./sendgrid.mapper.js";
import type { AcceptedMail, SandboxAccount, SendgridState } from "./sendgrid.sandbox-state.js";
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from "./sendgrid.webhooks.js";

/**
 * SendGrid's Event Webhook as the sandbox sends it: JSON arrays of events (SendGrid batches them
 * as it likes; the sandbox posts each when it happens), only the event types the account's settings
 * enable, signed (ECDSA over timestamp + body) with the account's key when signing is on. Every
 * event repeats the recipient's custom args as top-level fields.
 */
type MailEvent = "processed" | "delivered" | "open" | "bounce" | "dropped";
type OptOutEvent = "unsubscribe" | "group_unsubscribe" | "spamreport";

/** `processed` one delay after acceptance, `delivered` or `bounce` the next, `open` if read. */
const WORDS: TimelineWords<MailEvent> = {
  sent: "processed",
  delivered: "delivered",
  read: "open",
  failed: "bounce",
};

const seconds = (at: Date) => Math.floor(at.getTime() / 1000);
/** One status delay from now, when SendGrid's first word on a message comes. */
const later = (env: SandboxEnvironment) => new Date(env.now().getTime() + env.statusDelayMs);
const eventId = () => randomBytes(16).toString("base64url");

/** One event, posted at `at` as a batch of one, or undefined when the settings do not want it. */
function eventPost(
  account: SandboxAccount,
  event: JsonRecord,
  at: Date,
): Omit<OutgoingWebhook, "delayMs"> | undefined {
  const webhook = account.webhook;
  // `spamreport` events hang on the `spam_report` flag.
  const flag = event.event === "spamreport" ? "spam_report" : String(event.event);
  if (!webhook?.enabled || !webhook.url || webhook.flags[flag] !== true) {
    return undefined;
  }
  const body = JSON.stringify([event]);
  const timestamp = String(seconds(at));
  // SendGrid's event poster identifies itself so (unverified).
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "user-agent": "SendGrid Event API",
  };
  if (webhook.signed) {
    headers[SIGNATURE_HEADER] = signSendGrid(account.signingKey.privateKeyPem, timestamp, body);
    headers[TIMESTAMP_HEADER] = timestamp;
  }
  return { url: webhook.url, headers, body };
}

/** What each event adds; a failure code that is no SMTP status (`UNDELIVERABLE`) bounces as 5.1.1. */
function details({ status: event, failureCode }: TimelineStep<MailEvent>): JsonRecord {
  if (event === "dropped") {
    return { reason: failureCode };
  }
  if (event === "bounce") {
    const status = /^\d\.\d{1,3}\.\d{1,3}$/.test(failureCode ?? "") ? failureCode! : "5.1.1";
    const reason = `550 ${status} The email account that you tried to reach does not exist.`;
    return { type: "bounce", status, reason, bounce_classification: "Invalid Address" };
  }
  if (event === "delivered") {
    return { response: "250 2.0.0 OK" };
  }
  return event === "open"
    ? { sg_machine_open: false, useragent: "Mozilla/5.0 (sandbox)", ip: "203.0.113.7" }
    : {};
}

/**
 * The events of an accepted message, per recipient: `dropped` for a suppressed address, else its
 * delivery timeline. A bounce suppresses the address at once; each recipient's `sg_message_id`
 * (the X-Message-Id, a filter suffix and its index) is remembered for the opt-outs that follow.
 */
export function sendMailEvents(
  env: SandboxEnvironment,
  account: SandboxAccount,
  mail: AcceptedMail,
): void {
  mail.recipients.forEach((email, index) => {
    const address = email.toLowerCase();
    const sgMessageId = `${mail.xMessageId}.filterdrecv-sandbox-${account.userId}.${index}`;
    account.lastMessages.set(address, { sgMessageId, customArgs: mail.customArgs });
    const dropReason = account.suppressions.get(address);
    const messageId = mail.customArgs[MESSAGE_ID_ARG] ?? mail.xMessageId;
    const steps: Array<TimelineStep<MailEvent>> = dropReason
      ? [{ status: "dropped", at: later(env), failureCode: dropReason }]
      : deliveryTimeline(
          env,
          { provider: "sendgrid", channel: "EMAIL", recipient: email, messageId },
          WORDS,
        );
    if (steps.some(step => step.status === "bounce")) {
      account.suppressions.set(address, "Bounced Address");
    }
    const base = {
      email,
      "smtp-id": `<${mail.xMessageId}@ismtpd-sandbox>`,
      sg_message_id: sgMessageId,
    };
    sendTimeline(env, steps, step =>
      eventPost(
        account,
        {
          ...base,
          ...mail.customArgs,
          timestamp: seconds(step.at),
          event: step.status,
          ...details(step),
          sg_event_id: eventId(),
        },
        step.at,
      ),
    );
  });
}

/**
 * The recipient opts out (`unsubscribe`, `group_unsubscribe` with its group, `spamreport`): the
 * address is suppressed and the event posted one delay later to every account that mailed it (or
 * `apiKey`'s), carrying that account's last message to the address.
 */
export function optOut(
  state: SendgridState,
  email: string,
  event: OptOutEvent,
  options: { apiKey?: string; group?: number },
): void {
  const address = email.toLowerCase();
  const mailedBy = state.sent
    .filter(mail => mail.recipients.some(to => to.toLowerCase() === address))
    .map(mail => mail.userId);
  const targets = options.apiKey
    ? [state.accountOf(options.apiKey)]
    : [...new Set(mailedBy)].flatMap(userId => state.account(userId) ?? []);
  if (targets.length === 0) {
    throw new Error("sendgrid sandbox: no account has mailed that address; pass an apiKey");
  }
  const reason = event === "spamreport" ? "Spam Reporting Address" : "Unsubscribed Address";
  for (const account of targets) {
    account.suppressions.set(address, reason);
    const last = account.lastMessages.get(address);
    const payload = {
      email,
      timestamp: seconds(state.env.now()),
      event,
      sg_event_id: eventId(),
      ...(last ? { sg_message_id: last.sgMessageId, ...last.customArgs } : {}),
      ...(options.group !== undefined ? { asm_group_id: options.group } : {}),
    };
    const at = later(state.env);
    sendTimeline(state.env, [{ status: event, at }], () => eventPost(account, payload, at));
  }
}
