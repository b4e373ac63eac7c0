import { randomBytes } from "node:crypto";
import { isRecord } from "../kit/json.js";
import { deliveryTimeline } from "../sandbox/delivery-timeline.js";
import { jsonBody, type SandboxRequest } from "../sandbox/sandbox.js";
import { gmailErrors } from "./gmail.sandbox-errors.js";
import {
  bodiesOf,
  decodeEncodedWords,
  headerOf,
  parseAddressList,
  parseMime,
  type MimeHeader,
} from "./gmail.sandbox-mime.js";
import type {
  GmailHandler,
  GmailSandboxContext,
  MailboxMessage,
  SandboxAccount,
} from "./gmail.sandbox-state.js";

/**
 * users.messages.send as Gmail does it: JSON `{raw, threadId?}` with `raw` in base64url (plain
 * base64 is accepted too), the message read as RFC 5322, refused without any recipient
 * ("Recipient address required") or with an unreadable To/Cc/Bcc ("Invalid To header"), and
 * counted against the sender's daily limit. A From that is not the account's own address is
 * replaced by it, as Gmail does for addresses that are not verified send-as aliases (seen in
 * googleapis/google-api-php-client#2393; the sandbox knows no aliases). Then the kit's delivery
 * timeline decides each recipient: Gmail sends no webhooks, so a failed delivery puts Gmail's
 * bounce into the sender's inbox, in the same thread, when it fails; a delivery to another
 * sandbox account lands in its inbox when it is delivered.
 */
const RAW_REQUIRED =
  "'raw' RFC822 payload message string or uploading message via /upload/* URL required";

function setHeader(headers: MimeHeader[], name: string, value: string): void {
  const index = headers.findIndex(header => header.name.toLowerCase() === name.toLowerCase());
  if (index >= 0) {
    headers[index] = { name, value };
  } else {
    headers.unshift({ name, value });
  }
}

function bounceOf(
  sender: string,
  original: MailboxMessage,
  failure: { recipient: string; code: string; date: Date },
) {
  const messageId = headerOf(original.mime.headers, "message-id") ?? "";
  return Buffer.from(
    [
      "From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>",
      `To: ${sender}`,
      "Subject: Delivery Status Notification (Failure)",
      `In-Reply-To: ${messageId}`,
      `References: ${messageId}`,
      `Message-ID: <${randomBytes(8).toString("hex")}@mx.google.com>`,
      `Date: ${failure.date.toUTCString()}`,
      'Content-Type: text/plain; charset="UTF-8"',
      "",
      "Address not found",
      "",
      `Your message wasn't delivered to ${failure.recipient} because the address couldn't be found, or is unable to receive mail.`,
      "",
      `The response was: 550 5.1.1 ${failure.code}`,
    ].join("\r\n"),
    "utf8",
  );
}

function deliver(
  { state, env }: GmailSandboxContext,
  sender: SandboxAccount,
  sent: MailboxMessage,
  recipients: string[],
) {
  for (const recipient of recipients) {
    const input = { provider: "gmail", channel: "EMAIL", recipient, messageId: sent.id };
    const words = { sent: "sent", delivered: "delivered", failed: "bounced" } as const;
    const last = deliveryTimeline(env, input, words).at(-1);
    const visibleAt = (last?.at ?? env.now()).getTime();
    if (last?.status === "bounced") {
      const code = last.failureCode ?? "UNDELIVERABLE";
      const raw = bounceOf(sender.emailAddress, sent, { recipient, code, date: env.now() });
      state.store(sender, {
        threadId: sent.threadId,
        labelIds: ["INBOX", "UNREAD"],
        internalDate: env.now().getTime(),
        raw,
        mime: parseMime(raw),
        visibleAt,
      });
    } else if (state.accounts.has(recipient) && recipient !== sender.emailAddress) {
      const { internalDate, raw, mime } = sent;
      const inbox = state.account(recipient);
      state.store(inbox, { labelIds: ["INBOX", "UNREAD"], internalDate, raw, mime, visibleAt });
    }
  }
}

/** The body's `raw` message, or Gmail's refusal of the body. */
function readRaw(request: SandboxRequest) {
  if (!(request.headers["content-type"] ?? "").includes("application/json")) {
    return gmailErrors.invalidJson();
  }
  let body: unknown;
  try {
    body = jsonBody(request);
  } catch {
    return gmailErrors.invalidJson();
  }
  if (!isRecord(body) || typeof body.raw !== "string" || body.raw === "") {
    return gmailErrors.invalidArgument(RAW_REQUIRED);
  }
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(body.raw)) {
    // Unverified wording.
    return gmailErrors.invalidArgument(
      "Invalid value at 'message.raw' (TYPE_BYTES), Base64 decoding failed",
    );
  }
  const bytes = Buffer.from(body.raw.replace(/-/g, "+").replace(/_/g, "/"), "base64");
  return { bytes, threadId: typeof body.threadId === "string" ? body.threadId : undefined };
}

export const sendMessage: GmailHandler = (sandbox, { request, principal: { account } }) => {
  const { state, env } = sandbox;
  const read = readRaw(request);
  if ("status" in read) {
    return read;
  }
  const { bytes, threadId } = read;
  const mime = parseMime(bytes);
  const recipients: string[] = [];
  for (const name of ["To", "Cc", "Bcc"]) {
    const value = headerOf(mime.headers, name);
    const parsed = value === undefined ? [] : parseAddressList(decodeEncodedWords(value));
    if (!parsed) {
      return gmailErrors.invalidArgument(`Invalid ${name} header`);
    }
    recipients.push(...parsed);
  }
  if (recipients.length === 0) {
    return gmailErrors.invalidArgument("Recipient address required");
  }
  const now = env.now();
  const wait = state.sendingWait(account, now.getTime());
  if (wait > 0) {
    return gmailErrors.rateLimited(now, wait, " (Mail sending)");
  }
  const fromAsSent = headerOf(mime.headers, "from");
  if (parseAddressList(fromAsSent ?? "")?.[0] !== account.emailAddress) {
    setHeader(mime.headers, "From", account.emailAddress);
  }
  const messageIdAsSent = headerOf(mime.headers, "message-id");
  if (!messageIdAsSent) {
    setHeader(mime.headers, "Message-ID", `<${randomBytes(12).toString("hex")}@mail.gmail.com>`);
  }
  const known = threadId && account.messages.some(m => m.threadId === threadId);
  const stored = state.store(account, {
    ...(known ? { threadId } : {}),
    labelIds: ["SENT"],
    internalDate: now.getTime(),
    raw: bytes,
    mime,
    visibleAt: now.getTime(),
  });
  const subject = headerOf(mime.headers, "subject");
  state.sent.push({
    id: stored.id,
    threadId: stored.threadId,
    account: account.emailAddress,
    raw: bytes.toString("utf8"),
    ...(messageIdAsSent ? { messageId: messageIdAsSent } : {}),
    ...(fromAsSent !== undefined ? { from: fromAsSent } : {}),
    to: recipients,
    ...(subject !== undefined ? { subject: decodeEncodedWords(subject) } : {}),
    ...bodiesOf(mime),
    sentAt: now,
  });
  deliver(sandbox, account, stored, recipients);
  return { status: 200, body: { id: stored.id, threadId: stored.threadId, labelIds: ["SENT"] } };
};
