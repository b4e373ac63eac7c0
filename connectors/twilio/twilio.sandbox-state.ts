import { randomBytes } from "node:crypto";
import type { TimelineStep } from "../sandbox/delivery-timeline.js";
import type { SandboxEnvironment } from "../sandbox/sandbox.js";
import { TokenStore } from "../sandbox/token-store.js";

/**
 * What one Twilio sandbox holds, in memory: accounts (their auth tokens in a TokenStore, the
 * Account SID as principal), their phone numbers, messages both ways, and the opt-outs
 * recipients sent to a number. Each sandbox instance has its own.
 */
export const API_VERSION = "2010-04-01";

export type AccountStatus = "active" | "suspended" | "closed";

export interface SandboxAccount {
  sid: string;
  friendlyName: string;
  status: AccountStatus;
  dateCreated: Date;
  dateUpdated: Date;
  /** Destination prefixes ("+44") the account's SMS geo permissions do not allow. */
  blockedPrefixes: Set<string>;
}

export interface SandboxNumber {
  sid: string;
  accountSid: string;
  phoneNumber: string;
  friendlyName: string;
  smsUrl: string | null;
  smsMethod: "GET" | "POST";
  dateCreated: Date;
  dateUpdated: Date;
}

/** Twilio's MessageStatus values the sandbox goes through. */
export type MessageStatus = "queued" | "sent" | "delivered" | "undelivered" | "received";

export interface SandboxMessage {
  sid: string;
  accountSid: string;
  direction: "outbound-api" | "inbound";
  to: string;
  from: string;
  body: string;
  numSegments: number;
  contentSid?: string;
  contentVariables?: string;
  statusCallback?: string;
  dateCreated: Date;
  /** Steps in order; the message's status at a time is the last step already reached. */
  steps: Array<TimelineStep<MessageStatus>>;
}

/** What the handlers of one sandbox share. */
export interface SandboxContext {
  env: SandboxEnvironment;
  state: TwilioSandboxState;
}

/** A Twilio SID: two letters and 32 hex digits. */
export function newSid(prefix: string): string {
  return `${prefix}${randomBytes(16).toString("hex")}`;
}

/** A Twilio auth token: 32 hex digits. */
function newAuthToken(): string {
  return randomBytes(16).toString("hex");
}

/** The step a message has reached at `now`. */
export function currentStep(message: SandboxMessage, now: Date): TimelineStep<MessageStatus> {
  let step = message.steps[0]!;
  for (const next of message.steps) {
    if (next.at.getTime() <= now.getTime()) {
      step = next;
    }
  }
  return step;
}

/** SMS segments: 160 GSM-7 characters (153 when split), or 70 UCS-2 (67 when split). */
export function segmentCount(body: string): number {
  const characters = [...body].length;
  const gsm = /^[\n\r\x20-\x7E£¥èéùìòÇØøÅåΔΦΓΛΩΠΨΣΘΞÆæßÉÄÖÑÜ§¿äöñüà]*$/.test(body);
  const [single, multi] = gsm ? [160, 153] : [70, 67];
  return characters <= single ? 1 : Math.ceil(characters / multi);
}

export class TwilioSandboxState {
  readonly accounts = new Map<string, SandboxAccount>();
  /** Auth tokens; a credential's principal is its Account SID. */
  readonly tokens: TokenStore;
  /** By SID. */
  readonly numbers = new Map<string, SandboxNumber>();
  /** In creation order. */
  readonly messages: SandboxMessage[] = [];
  /** `${our number}|${recipient}` pairs Twilio blocks after a STOP. */
  private readonly optOuts = new Set<string>();

  constructor(private readonly now: () => Date) {
    this.tokens = new TokenStore(() => now().getTime());
  }

  addAccount(input: { sid?: string; authToken?: string; friendlyName?: string }): SandboxAccount {
    const at = this.now();
    const account: SandboxAccount = {
      sid: input.sid ?? newSid("AC"),
      friendlyName: input.friendlyName ?? "Sandbox account",
      status: "active",
      dateCreated: at,
      dateUpdated: at,
      blockedPrefixes: new Set(),
    };
    this.accounts.set(account.sid, account);
    this.tokens.register(input.authToken ?? newAuthToken(), account.sid);
    return account;
  }

  /** The account's live auth token. */
  authToken(accountSid: string): string {
    return this.tokens.of(accountSid).at(-1)?.value ?? "";
  }

  /** A new auth token replaces the old one, which stops working (the Console's rotation). */
  rotateAuthToken(accountSid: string): string {
    const account = this.account(accountSid);
    this.tokens.revokePrincipal(account.sid);
    account.dateUpdated = this.now();
    return this.tokens.register(newAuthToken(), account.sid).value;
  }

  addNumber(accountSid: string, phoneNumber: string, sid = newSid("PN")): SandboxNumber {
    if (this.numberByPhone(phoneNumber)) {
      throw new Error(`twilio sandbox: ${phoneNumber} already belongs to an account`);
    }
    const at = this.now();
    const number: SandboxNumber = {
      sid,
      accountSid,
      phoneNumber,
      friendlyName: phoneNumber,
      smsUrl: null,
      smsMethod: "POST",
      dateCreated: at,
      dateUpdated: at,
    };
    this.numbers.set(sid, number);
    return number;
  }

  account(sid: string): SandboxAccount {
    const account = this.accounts.get(sid);
    if (!account) {
      throw new Error(`twilio sandbox: no account ${sid}`);
    }
    return account;
  }

  numberByPhone(phoneNumber: string): SandboxNumber | undefined {
    return [...this.numbers.values()].find(number => number.phoneNumber === phoneNumber);
  }

  numbersOf(accountSid: string): SandboxNumber[] {
    return [...this.numbers.values()].filter(number => number.accountSid === accountSid);
  }

  optOut(sender: string, recipient: string, out: boolean): void {
    const key = `${sender}|${recipient}`;
    if (out) {
      this.optOuts.add(key);
    } else {
      this.optOuts.delete(key);
    }
  }

  isOptedOut(sender: string, recipient: string): boolean {
    return this.optOuts.has(`${sender}|${recipient}`);
  }
}
