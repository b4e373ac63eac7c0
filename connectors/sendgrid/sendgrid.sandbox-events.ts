import { randomBytes } from "node:crypto";
import { signSendGrid } from "../kit/webhook-signatures.js";
import type { SandboxEnvironment } from "../sandbox/sandbox.js";
import { MESSAGE_ID_ARG } from "./sendgrid.mapper.js";
import type { AcceptedMail, SandboxAccount } from "./sendgrid.sandbox-state.js";
import type { JsonRecord } from "./sendgrid.schemas.js";
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from "./sendgrid.webhooks.js";

/** The settings flag that turns each event on (`spamreport` events hang on `spam_report`). */
function flagOf(event: string): string {
  return event === "spamreport" ? "spam_report" : event;
}

function eventId(): string {
  return randomBytes(16).toString("base64url");
}

/**
 * Posts one batch of events to the account's Event Webhook, as SendGrid does: a JSON array, signed
 * with the account's key when signing is on, only the event types the settings enable.
 */
export function postEvents(
  env: SandboxEnvironment,
  account: SandboxAccount,
  events: JsonRecord[],
  delayMs: number,
): void {
  const webhook = account.webhook;
  const wanted = events.filter(
    event => typeof event.event === "string" && webhook?.flags[flagOf(event.event)] === true,
  );
  if (!webhook?.enabled || !webhook.url || wanted.length === 0) {
    return;
  }
  const body = JSON.stringify(wanted);
  const timestamp = String(Math.floor(env.now().getTime() / 1000));
  const headers: Record<string, string> = {
    "content-type": "application/json",
    // SendGrid's event poster identifies itself so (unverified).
    "user-agent": "SendGrid Event API",
  };
  if (webhook.signed) {
    headers[SIGNATURE_HEADER] = signSendGrid(account.signingKey.privateKeyPem, timestamp, body);
    headers[TIMESTAMP_HEADER] = timestamp;
  }
  env.webhooks.send({ url: webhook.url, headers, body, delayMs });
}

export interface RecipientMessage {
  sgMessageId: string;
  customArgs: Record<string, string>;
}

/**
 * The events an accepted message produces, per recipient: `dropped` for a suppressed address,
 * otherwise `processed`, then `delivered` or `bounce` as the delivery model decides, then `open`
 * when read. Each stage is one batch, `statusDelayMs` after the previous one. Returns each
 * recipient's `sg_message_id` (the X-Message-Id, a filter suffix and the recipient's index).
 */
export function emitMailEvents(
  env: SandboxEnvironment,
  account: SandboxAccount,
  mail: AcceptedMail,
): Map<string, RecipientMessage> {
  const now = Math.floor(env.now().getTime() / 1000);
  const stages: JsonRecord[][] = [[], [], []];
  const sent = new Map<string, RecipientMessage>();
  mail.recipients.forEach((email, index) => {
    const sgMessageId = `${mail.xMessageId}.filterdrecv-sandbox-${account.userId}.${index}`;
    sent.set(email.toLowerCase(), { sgMessageId, customArgs: mail.customArgs });
    const base = {
      email,
      timestamp: now,
      "smtp-id": `<${mail.xMessageId}@ismtpd-sandbox>`,
      sg_message_id: sgMessageId,
      ...mail.customArgs,
    };
    const at = (stage: number, event: JsonRecord) =>
      stages[stage]!.push({ ...base, ...event, sg_event_id: eventId() });
    const dropReason = account.suppressions.get(email.toLowerCase());
    if (dropReason) {
      at(0, { event: "dropped", reason: dropReason });
      return;
    }
    at(0, { event: "processed" });
    const outcome = env.deliveries.decide({
      provider: "sendgrid",
      channel: "EMAIL",
      recipient: email,
      messageId: mail.customArgs[MESSAGE_ID_ARG] ?? mail.xMessageId,
    });
    if (!outcome.delivered) {
      const status = /^\d\.\d{1,3}\.\d{1,3}$/.test(outcome.failureCode ?? "")
        ? outcome.failureCode!
        : "5.1.1";
      at(1, {
        event: "bounce",
        type: "bounce",
        status,
        reason: `550 ${status} The email account that you tried to reach does not exist.`,
        bounce_classification: "Invalid Address",
      });
      account.suppressions.set(email.toLowerCase(), "Bounced Address");
      return;
    }
    at(1, { event: "delivered", response: "250 2.0.0 OK" });
    if (outcome.read) {
      at(2, {
        event: "open",
        sg_machine_open: false,
        useragent: "Mozilla/5.0 (sandbox)",
        ip: "203.0.113.7",
      });
    }
  });
  stages.forEach((events, stage) =>
    postEvents(env, account, events, env.statusDelayMs * (stage + 1)),
  );
  return sent;
}

/** An opt-out by the recipient: `unsubscribe`, `group_unsubscribe` (with the group) or `spamreport`. */
export function optOutEvent(
  env: SandboxEnvironment,
  email: string,
  event: "unsubscribe" | "group_unsubscribe" | "spamreport",
  message: RecipientMessage | undefined,
  group?: number,
): JsonRecord {
  return {
    email,
    timestamp: Math.floor(env.now().getTime() / 1000),
    event,
    sg_event_id: eventId(),
    ...(message ? { sg_message_id: message.sgMessageId, ...message.customArgs } : {}),
    ...(group !== undefined ? { asm_group_id: group } : {}),
  };
}
