import { ConnectorError } from "../kit/connector-error.js";
import type { OutboundMessage, WebhookEvent } from "../kit/contracts/index.js";
import { customArg, type SendgridEvent } from "./sendgrid.schemas.js";

/**
 * What SendGrid takes and what its Event Webhook means, in pure functions: the mail/send body, the
 * Event Webhook settings, and events → `WebhookEvent`s.
 */

/** The custom arg that carries Crosscast's message id through SendGrid and back on every event. */
export const MESSAGE_ID_ARG = "crosscast_message_id";

export interface MailAddress {
  email: string;
  name?: string;
}

export interface MailPersonalization {
  to: MailAddress[];
  /**
   * Per-recipient custom args: an object of strings here (the official spec types the message-level
   * `custom_args` as a string), echoed as top-level fields of every event about this recipient.
   */
  custom_args: Record<string, string>;
  dynamic_template_data?: Record<string, string>;
}

/** The `POST /v3/mail/send` body, as much of it as Crosscast sends. */
export interface MailSendBody {
  personalizations: MailPersonalization[];
  from: MailAddress;
  subject?: string;
  content?: Array<{ type: "text/plain" | "text/html"; value: string }>;
  template_id?: string;
}

/** Builds one message for one recipient from `from` (a verified sender). Pure: no I/O, no clock. */
export function buildMailSend(message: OutboundMessage, from: MailAddress): MailSendBody {
  const content: NonNullable<MailSendBody["content"]> = [];
  // SendGrid wants text/plain first, then text/html.
  if (message.text) {
    content.push({ type: "text/plain", value: message.text });
  }
  if (message.html) {
    content.push({ type: "text/html", value: message.html });
  }
  const template = message.template;
  if (!template && (content.length === 0 || !message.subject)) {
    throw new ConnectorError(
      "INVALID_REQUEST",
      "sendgrid: an email without a template needs a subject and a text or html body",
      { provider: "sendgrid" },
    );
  }
  return {
    personalizations: [
      {
        to: [{ email: message.to }],
        custom_args: { [MESSAGE_ID_ARG]: message.messageId },
        ...(template?.parameters ? { dynamic_template_data: { ...template.parameters } } : {}),
      },
    ],
    from,
    ...(message.subject ? { subject: message.subject } : {}),
    ...(content.length > 0 ? { content } : {}),
    ...(template ? { template_id: template.name } : {}),
  };
}

/** The Event Webhook flags Crosscast needs; the rest (deferred, click, resubscribes) stay off. */
export const EVENT_FLAGS = {
  processed: true,
  delivered: true,
  open: true,
  bounce: true,
  dropped: true,
  unsubscribe: true,
  group_unsubscribe: true,
  spam_report: true,
  deferred: false,
  click: false,
  group_resubscribe: false,
} as const;

/** The `PATCH /v3/user/webhooks/event/settings` body: on, at `url`, with Crosscast's flags. */
export function eventWebhookSettings(url: string) {
  return { enabled: true, url, ...EVENT_FLAGS };
}
export type EventWebhookSettingsBody = ReturnType<typeof eventWebhookSettings>;

/** Events whose address should join the suppression list: the recipient opted out. */
const OPT_OUT_EVENTS = new Set(["unsubscribe", "group_unsubscribe", "spamreport"]);
/** `dropped` reasons that mean an earlier opt-out (the address sits on a suppression list). */
const OPT_OUT_DROP_REASONS = new Set(["Unsubscribed Address", "Spam Reporting Address"]);

const STATUS_BY_EVENT = {
  processed: "SENT",
  delivered: "DELIVERED",
  open: "READ",
  bounce: "FAILED",
  dropped: "FAILED",
} as const;

function isStatusEvent(name: string): name is keyof typeof STATUS_BY_EVENT {
  return Object.hasOwn(STATUS_BY_EVENT, name);
}

/** The X-Message-Id part of an `sg_message_id` (`<X-Message-Id>.<filter and recipient suffix>`). */
export function providerMessageIdOf(sgMessageId: string | undefined): string | undefined {
  return sgMessageId ? sgMessageId.split(".")[0] || undefined : undefined;
}

/** A bounce names its SMTP status (`5.1.1`) or its type (`bounce`, `blocked`); a drop its reason. */
function failureCode(event: SendgridEvent): string {
  if (event.event === "dropped") {
    return event.reason ?? "dropped";
  }
  return event.status ?? event.type ?? "bounce";
}

/** What one SendGrid event means in Crosscast's terms; deferred, click and the rest mean nothing. */
export function toWebhookEvents(event: SendgridEvent): WebhookEvent[] {
  const occurredAt = event.timestamp !== undefined ? new Date(event.timestamp * 1000) : undefined;
  if (OPT_OUT_EVENTS.has(event.event)) {
    return [
      { type: "OPT_OUT", eventId: event.sgEventId, address: event.email, reason: event.event },
    ];
  }
  if (!isStatusEvent(event.event)) {
    return [];
  }
  const status = STATUS_BY_EVENT[event.event];
  const messageId = customArg(event, MESSAGE_ID_ARG);
  const providerMessageId = providerMessageIdOf(event.sgMessageId);
  const events: WebhookEvent[] = [
    {
      type: "MESSAGE_STATUS",
      eventId: event.sgEventId,
      status,
      ...(messageId ? { messageId } : {}),
      ...(providerMessageId ? { providerMessageId } : {}),
      ...(status === "FAILED" ? { errorCode: failureCode(event) } : {}),
      ...(occurredAt ? { occurredAt } : {}),
    },
  ];
  if (event.event === "dropped" && event.reason && OPT_OUT_DROP_REASONS.has(event.reason)) {
    events.push({
      type: "OPT_OUT",
      eventId: `${event.sgEventId}:opt-out`,
      address: event.email,
      reason: event.reason,
    });
  }
  return events;
}
