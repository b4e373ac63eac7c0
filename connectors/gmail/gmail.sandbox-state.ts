import { randomBytes } from "node:crypto";
import type { Grant } from "../sandbox/oauth-authority.js";
import type { RouteParams } from "../sandbox/route-table.js";
import type { SandboxEnvironment, SandboxReply, SandboxRequest } from "../sandbox/sandbox.js";
import { bodiesOf, decodeEncodedWords, headerOf, type MimePart } from "./gmail.sandbox-mime.js";

/**
 * In-memory state of one Gmail sandbox: mailboxes per account, the log of accepted sends, page
 * tokens and per-account limits. Grants live in the Google family's OAuth server.
 */
export interface MailboxMessage {
  id: string;
  threadId: string;
  labelIds: string[];
  internalDate: number;
  historyId: number;
  raw: Buffer;
  mime: MimePart;
  /** Bounces and deliveries show up after the sandbox's status delay. */
  visibleAt: number;
}

/** One message `users.messages.send` accepted, as the sandbox read it. */
export interface SentMessage {
  id: string;
  threadId: string;
  account: string;
  /** The RFC 5322 text as received (decoded from base64url). */
  raw: string;
  /** The Message-ID header as sent (angle brackets included). */
  messageId?: string;
  /** The From header as sent; Gmail sends from `account` whatever it says. */
  from?: string;
  to: string[];
  /** The Subject, RFC 2047 words decoded. */
  subject?: string;
  text?: string;
  html?: string;
  sentAt: Date;
}

export interface SandboxAccount {
  emailAddress: string;
  messages: MailboxMessage[];
  historyId: number;
  /** Gmail's daily sending limit (per rolling day here), when a test sets one. */
  sendingLimit?: { perDay: number; sentAt: number[] };
  /** A per-user queries-per-minute project quota, when a test sets one. */
  queryRate?: { perMinute: number; calls: number[] };
}

/** What every handler of the sandbox works with. */
export interface GmailSandboxContext {
  state: GmailSandboxState;
  env: SandboxEnvironment;
}

/** Whose token a request carries: the account (after the delegation check) and its grant. */
export interface GmailPrincipal {
  account: SandboxAccount;
  grant: Grant;
}

/** A Gmail method's handler, called once the token, the user, the scopes and the quota passed. */
export type GmailHandler = (
  sandbox: GmailSandboxContext,
  input: { request: SandboxRequest; params: RouteParams; principal: GmailPrincipal },
) => SandboxReply;

function windowed(times: number[], now: number, windowMs: number): number[] {
  return times.filter(at => at > now - windowMs);
}

export class GmailSandboxState {
  readonly accounts = new Map<string, SandboxAccount>();
  readonly sent: SentMessage[] = [];
  private readonly pageTokens = new Map<string, number>();

  account(emailAddress: string): SandboxAccount {
    const key = emailAddress.toLowerCase();
    let account = this.accounts.get(key);
    if (!account) {
      account = { emailAddress: key, messages: [], historyId: 1000 + this.accounts.size * 1000 };
      this.accounts.set(key, account);
    }
    return account;
  }

  /** Gmail ids are 16 hex digits. */
  newId(): string {
    let id: string;
    do {
      id = `1${randomBytes(8).toString("hex").slice(1)}`;
    } while ([...this.accounts.values()].some(a => a.messages.some(m => m.id === id)));
    return id;
  }

  store(
    account: SandboxAccount,
    message: Omit<MailboxMessage, "id" | "threadId" | "historyId"> & { threadId?: string },
  ): MailboxMessage {
    const id = this.newId();
    account.historyId += 1;
    const stored = {
      ...message,
      id,
      threadId: message.threadId ?? id,
      historyId: account.historyId,
    };
    account.messages.push(stored);
    return stored;
  }

  /** Visible messages, newest first (Gmail's list order). */
  visible(account: SandboxAccount, now: number): MailboxMessage[] {
    return account.messages.filter(m => m.visibleAt <= now).reverse();
  }

  pageToken(offset: number): string {
    const token = String(BigInt(`0x${randomBytes(8).toString("hex")}`)).padStart(20, "0");
    this.pageTokens.set(token, offset);
    return token;
  }

  readPageToken(token: string): number | undefined {
    return this.pageTokens.get(token);
  }

  /** Counts a call against the account's query rate; false when over it. */
  allowQuery(account: SandboxAccount, now: number): boolean {
    const rate = account.queryRate;
    if (!rate) {
      return true;
    }
    rate.calls = windowed(rate.calls, now, 60_000);
    if (rate.calls.length >= rate.perMinute) {
      return false;
    }
    rate.calls.push(now);
    return true;
  }

  /** Seconds until the account may send again, or 0 (and the send is counted). */
  sendingWait(account: SandboxAccount, now: number): number {
    const limit = account.sendingLimit;
    if (!limit) {
      return 0;
    }
    limit.sentAt = windowed(limit.sentAt, now, 86_400_000);
    const [oldest] = limit.sentAt;
    if (limit.sentAt.length >= limit.perDay) {
      return Math.max(1, Math.ceil(((oldest ?? now) + 86_400_000 - now) / 1000));
    }
    limit.sentAt.push(now);
    return 0;
  }
}

function searchable(message: MailboxMessage) {
  const headers = message.mime.headers;
  const { text = "", html = "" } = bodiesOf(message.mime);
  return {
    messageId: (headerOf(headers, "message-id") ?? "").replace(/^<|>$/g, "").toLowerCase(),
    from: (headerOf(headers, "from") ?? "").toLowerCase(),
    to: ["to", "cc", "bcc"]
      .map(name => headerOf(headers, name) ?? "")
      .join(",")
      .toLowerCase(),
    subject: decodeEncodedWords(headerOf(headers, "subject") ?? "").toLowerCase(),
    words:
      `${decodeEncodedWords(headerOf(headers, "subject") ?? "")} ${text} ${html}`.toLowerCase(),
  };
}

/**
 * Gmail search operators the sandbox understands (https://support.google.com/mail/answer/7190):
 * `rfc822msgid:`, `from:`, `to:`, `subject:`, `in:`/`label:`, and plain words; all must match.
 */
export function matchesQuery(message: MailboxMessage, q: string): boolean {
  const fields = searchable(message);
  const terms = q.match(/(?:[^\s"]+:)?(?:"[^"]*"|\S+)/g) ?? [];
  return terms.every(term => {
    const colon = term.indexOf(":");
    const key = colon > 0 ? term.slice(0, colon).toLowerCase() : "";
    const value = (colon > 0 ? term.slice(colon + 1) : term).replace(/^"|"$/g, "").toLowerCase();
    switch (key) {
      case "rfc822msgid":
        return fields.messageId === value.replace(/^<|>$/g, "");
      case "from":
        return fields.from.includes(value);
      case "to":
        return fields.to.includes(value);
      case "subject":
        return fields.subject.includes(value);
      case "in":
      case "label":
        return message.labelIds.includes(value.toUpperCase());
      default:
        return fields.words.includes(value);
    }
  });
}
