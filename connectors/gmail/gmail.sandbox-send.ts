import { randomBytes } from "node:crypto";
import { jsonBody, type SandboxReply, type SandboxRequest } from "../sandbox/sandbox.js";
import type { ApiDeps } from "./gmail.sandbox-api.js";
import { gmailErrors } from "./gmail.sandbox-errors.js";
import {
  bodiesOf,
  decodeEncodedWords,
  headerOf,
  parseAddressList,
  parseMime,
  type MimeHeader,
} from "./gmail.sandbox-mime.js";
import type { MailboxMessage, SandboxAccount } from "./gmail.sandbox-state.js";
import { isRecord } from "./gmail.schemas.js";

/**
 * users.messages.send as Gmail does it: JSON `{raw, threadId?}` with `raw` in base64url (plain
 * base64 is accepted too), the message read as RFC 5322, refused without any recipient
 * ("Recipient address required") or with an unreadable To/Cc/Bcc ("Invalid To header"), and
 * counted against the sender's daily limit. A From that is not the account's own address is
 * replaced by it, as Gmail does for addresses that are not verified send-as aliases (seen in
 * googleapis/google-api-php-client#2393; the sandbox knows no aliases). Afterwards the delivery
 * model decides: a failed delivery puts Gmail's bounce into the sender's inbox, in the same
 * thread, after the status delay; a delivery to another sandbox account lands in its inbox.
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

function bounce(
  deps: ApiDeps,
  sender: SandboxAccount,
  original: MailboxMessage,
  recipient: string,
  code?: string,
) {
  const now = deps.env.now();
  const messageId = headerOf(original.mime.headers, "message-id") ?? "";
  const raw = Buffer.from(
    [
      "From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>",
      `To: ${sender.emailAddress}`,
      "Subject: Delivery Status Notification (Failure)",
      `In-Reply-To: ${messageId}`,
      `References: ${messageId}`,
      `Message-ID: <${randomBytes(8).toString("hex")}@mx.google.com>`,
      `Date: ${now.toUTCString()}`,
      'Content-Type: text/plain; charset="UTF-8"',
      "",
      "Address not found",
      "",
      `Your message wasn't delivered to ${recipient} because the address couldn't be found, or is unable to receive mail.`,
      "",
      `The response was: 550 5.1.1 ${code ?? "UNDELIVERABLE"}`,
    ].join("\r\n"),
    "utf8",
  );
  deps.state.store(sender, {
    threadId: original.threadId,
    labelIds: ["INBOX", "UNREAD"],
    internalDate: now.getTime(),
    raw,
    mime: parseMime(raw),
    visibleAt: now.getTime() + deps.env.statusDelayMs,
  });
}

function deliver(
  deps: ApiDeps,
  sender: SandboxAccount,
  sent: MailboxMessage,
  recipients: string[],
) {
  for (const recipient of recipients) {
    const outcome = deps.env.deliveries.decide({
      provider: "gmail",
      channel: "EMAIL",
      recipient,
      messageId: sent.id,
    });
    if (!outcome.delivered) {
      bounce(deps, sender, sent, recipient, outcome.failureCode);
    } else if (deps.state.accounts.has(recipient) && recipient !== sender.emailAddress) {
      const inbox = deps.state.account(recipient);
      deps.state.store(inbox, {
        labelIds: ["INBOX", "UNREAD"],
        internalDate: sent.internalDate,
        raw: sent.raw,
        mime: sent.mime,
        visibleAt: sent.internalDate + deps.env.statusDelayMs,
      });
    }
  }
}

export function sendMessage(
  deps: ApiDeps,
  request: SandboxRequest,
  account: SandboxAccount,
): SandboxReply {
  if (!(request.headers["content-type"] ?? "").includes("application/json")) {
    return gmailErrors.invalidJson();
  }
  let body: unknown;
  try {
    body = jsonBody(request);
  } catch {
    return gmailErrors.invalidJson();
  }
  const raw = isRecord(body) ? body.raw : undefined;
  if (!isRecord(body) || typeof raw !== "string" || raw === "") {
    return gmailErrors.invalidArgument(RAW_REQUIRED);
  }
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(raw)) {
    // Unverified wording.
    return gmailErrors.invalidArgument(
      "Invalid value at 'message.raw' (TYPE_BYTES), Base64 decoding failed",
    );
  }
  const bytes = Buffer.from(raw.replace(/-/g, "+").replace(/_/g, "/"), "base64");
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
  const now = deps.env.now();
  const wait = deps.state.sendingWait(account, now.getTime());
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
  const threadId = typeof body.threadId === "string" ? body.threadId : undefined;
  const known = threadId && account.messages.some(m => m.threadId === threadId);
  const stored = deps.state.store(account, {
    ...(known ? { threadId } : {}),
    labelIds: ["SENT"],
    internalDate: now.getTime(),
    raw: bytes,
    mime,
    visibleAt: now.getTime(),
  });
  const subject = headerOf(mime.headers, "subject");
  deps.state.sent.push({
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
  deliver(deps, account, stored, recipients);
  return { status: 200, body: { id: stored.id, threadId: stored.threadId, labelIds: ["SENT"] } };
}
