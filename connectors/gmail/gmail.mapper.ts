import { randomBytes } from "node:crypto";
import type { OutboundMessage } from "../kit/contracts/index.js";
import {
  CRLF,
  encodeHeaderText,
  formatDate,
  headerValue,
  mailbox,
  refuse,
  textPart,
} from "./gmail.mime.js";

/**
 * What Gmail's API takes, built from Crosscast's message (pure): the `users.messages.send` body
 * `{raw}`, an RFC 5322 message in base64url with CRLF lines, a Message-ID made from Crosscast's id
 * (what the reconcile search finds), and multipart/alternative when there is HTML.
 * Gmail sends no webhooks (Pub/Sub push is out of scope), so nothing inbound is mapped.
 */
export interface MimeInput {
  from: string;
  to: string;
  subject?: string;
  text?: string;
  html?: string;
  /** The full Message-ID, angle brackets included. */
  messageId: string;
  date: Date;
}

/** `users.messages.send`'s body. */
export interface GmailSendBody {
  raw: string;
}

/** RFC 5322 `dot-atom-text`: what may stand on each side of a Message-ID's "@". */
const DOT_ATOM = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+(\.[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+)*$/;

/** `<{messageId}@crosscast.mail>`, the id the reconcile search looks for. */
export function gmailMessageId(messageId: string): string {
  if (!DOT_ATOM.test(messageId)) {
    refuse("the message id cannot be used in a Message-ID header");
  }
  return `<${messageId}@crosscast.mail>`;
}

export function buildMimeMessage(input: MimeInput): string {
  const headers = [
    `From: ${mailbox("From", input.from)}`,
    `To: ${mailbox("To", input.to)}`,
    ...(input.subject !== undefined
      ? [`Subject: ${encodeHeaderText("Subject", input.subject)}`]
      : []),
    `Date: ${formatDate(input.date)}`,
    `Message-ID: ${headerValue("Message-ID", input.messageId)}`,
    "MIME-Version: 1.0",
  ];
  const parts = [
    ...(input.text !== undefined || input.html === undefined
      ? [textPart("plain", input.text ?? "")]
      : []),
    ...(input.html !== undefined ? [textPart("html", input.html)] : []),
  ];
  const [only] = parts;
  if (only && parts.length === 1) {
    return [...headers, ...only.headers, "", only.body].join(CRLF);
  }
  let boundary = "";
  do {
    boundary = `crosscast-${randomBytes(12).toString("hex")}`;
  } while (parts.some(p => p.body.includes(boundary)));
  const sections = parts.map(p => [`--${boundary}`, ...p.headers, "", p.body].join(CRLF));
  return [
    ...headers,
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    "",
    ...sections,
    `--${boundary}--`,
    "",
  ].join(CRLF);
}

/** The send body of a message from `from` (the account's own address), and its Message-ID. */
export function toSendBody(
  message: OutboundMessage,
  from: string,
  date: Date,
): { body: GmailSendBody; rfcMessageId: string } {
  const rfcMessageId = gmailMessageId(message.messageId);
  const raw = buildMimeMessage({
    from,
    to: message.to,
    ...(message.subject !== undefined ? { subject: message.subject } : {}),
    ...(message.text !== undefined ? { text: message.text } : {}),
    ...(message.html !== undefined ? { html: message.html } : {}),
    messageId: rfcMessageId,
    date,
  });
  return { body: { raw: Buffer.from(raw, "utf8").toString("base64url") }, rfcMessageId };
}
