import { randomBytes } from "node:crypto";

/**
 * What one Twilio sandbox holds, in memory: accounts, their phone numbers, messages both ways,
 * and the opt-outs recipients sent to a number. Each sandbox instance has its own.
 */
export type AccountStatus = "active" | "suspended" | "closed";

export interface SandboxAccount {
  sid: string;
  authToken: string;
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

/** One step of a message's life: queued, sent, delivered... with when it happens. */
export interface StatusStep {
  status: string;
  at: Date;
  errorCode?: number;
}

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
  steps: StatusStep[];
}

/** A Twilio SID: two letters and 32 hex digits. */
export function newSid(prefix: string): string {
  return `${prefix}${randomBytes(16).toString("hex")}`;
}

export function newAuthToken(): string {
  return randomBytes(16).toString("hex");
}

/** The step a message has reached at `now`. */
export function currentStep(message: SandboxMessage, now: Date): StatusStep {
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
  /** By SID. */
  readonly numbers = new Map<string, SandboxNumber>();
  /** In creation order. */
  readonly messages: SandboxMessage[] = [];
  /** `${our number}|${recipient}` pairs Twilio blocks after a STOP. */
  private readonly optOuts = new Set<string>();

  constructor(private readonly now: () => Date) {}

  addAccount(input: { sid?: string; authToken?: string; friendlyName?: string }): SandboxAccount {
    const at = this.now();
    const account: SandboxAccount = {
      sid: input.sid ?? newSid("AC"),
      authToken: input.authToken ?? newAuthToken(),
      friendlyName: input.friendlyName ?? "Sandbox account",
      status: "active",
      dateCreated: at,
      dateUpdated: at,
      blockedPrefixes: new Set(),
    };
    this.accounts.set(account.sid, account);
    return account;
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
