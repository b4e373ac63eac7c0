import { randomUUID } from "node:crypto";
import { signTwilio } from "../kit/webhook-signatures.js";
import type { SandboxEnvironment } from "../sandbox/sandbox.js";
import { isOptOutText } from "../kit/contracts/index.js";
import {
  newSid,
  segmentCount,
  type SandboxAccount,
  type SandboxMessage,
  type StatusStep,
  type TwilioSandboxState,
} from "./twilio.sandbox-state.js";
import { API_VERSION } from "./twilio.sandbox-wire.js";

/**
 * The webhooks the Twilio sandbox sends: status callbacks of outbound messages and inbound SMS
 * to a number's SmsUrl. Form POSTs signed with the account's auth token (X-Twilio-Signature),
 * each with its own I-Twilio-Idempotency-Token (kept across the sender's retries).
 */
export interface SandboxContext {
  env: SandboxEnvironment;
  state: TwilioSandboxState;
}

const FORM = "application/x-www-form-urlencoded";

/** Twilio's default opt-in and help keywords, from memory (unverified); opt-out: `isOptOutText`. */
const OPT_IN_KEYWORDS = new Set(["START", "UNSTOP", "YES"]);
const HELP_KEYWORDS = new Set(["HELP", "INFO"]);

function post(
  env: SandboxEnvironment,
  account: SandboxAccount,
  url: string,
  params: Record<string, string>,
  delayMs = 0,
) {
  env.webhooks.send({
    url,
    headers: {
      "content-type": FORM,
      "x-twilio-signature": signTwilio(account.authToken, url, params),
      "i-twilio-idempotency-token": randomUUID(),
      "user-agent": "TwilioProxy/1.1", // Twilio's webhook user agent, from memory (unverified)
    },
    body: new URLSearchParams(params).toString(),
    delayMs,
  });
}

/** queued now, sent after one status delay, then delivered or undelivered (30003) after two. */
export function deliverySteps(ctx: SandboxContext, to: string, sid: string): StatusStep[] {
  const start = ctx.env.now().getTime();
  const at = (n: number) => new Date(start + n * ctx.env.statusDelayMs);
  const outcome = ctx.env.deliveries.decide({
    provider: "twilio",
    channel: "SMS",
    recipient: to,
    messageId: sid,
  });
  const code = Number(outcome.failureCode);
  return [
    { status: "queued", at: at(0) },
    { status: "sent", at: at(1) },
    outcome.delivered
      ? { status: "delivered", at: at(2) }
      : { status: "undelivered", at: at(2), errorCode: Number.isInteger(code) ? code : 30003 },
  ];
}

/** One callback per step after "queued", when the message asked for them (StatusCallback). */
export function sendStatusCallbacks(
  ctx: SandboxContext,
  account: SandboxAccount,
  message: SandboxMessage,
): void {
  const url = message.statusCallback;
  if (!url) {
    return;
  }
  for (const step of message.steps.slice(1)) {
    const params: Record<string, string> = {
      AccountSid: account.sid,
      ApiVersion: API_VERSION,
      From: message.from,
      MessageSid: message.sid,
      MessageStatus: step.status,
      SmsSid: message.sid,
      SmsStatus: step.status,
      To: message.to,
      ...(step.errorCode ? { ErrorCode: String(step.errorCode) } : {}),
    };
    post(ctx.env, account, url, params, step.at.getTime() - message.dateCreated.getTime());
  }
}

export interface InboundSms {
  /** The sender (a subscriber's phone). */
  from: string;
  /** A number some sandbox account owns. */
  to: string;
  body: string;
}

export interface InboundResult {
  messageSid: string;
  /** What Twilio's keyword handling recognised (the full body, case-insensitive). */
  optOutType?: "STOP" | "START" | "HELP";
  /** Where the webhook went (the number's SmsUrl), if it has one. */
  webhookUrl?: string;
}

/**
 * An SMS arrives at one of the sandbox's numbers: it is recorded, Twilio's keyword handling
 * applies (after STOP, sends from that number to that sender fail with 21610; START lifts it),
 * and the number's SmsUrl receives the signed webhook with OptOutType when a keyword matched.
 * The sandbox always POSTs (its webhook sender has no GET).
 */
export function receiveInbound(ctx: SandboxContext, input: InboundSms): InboundResult {
  const number = ctx.state.numberByPhone(input.to);
  if (!number) {
    throw new Error(`twilio sandbox: no account owns ${input.to}`);
  }
  const account = ctx.state.account(number.accountSid);
  const keyword = input.body.trim().toUpperCase();
  const optOutType = isOptOutText(input.body)
    ? "STOP"
    : OPT_IN_KEYWORDS.has(keyword)
      ? "START"
      : HELP_KEYWORDS.has(keyword)
        ? "HELP"
        : undefined;
  if (optOutType === "STOP" || optOutType === "START") {
    ctx.state.optOut(number.phoneNumber, input.from, optOutType === "STOP");
  }
  const now = ctx.env.now();
  const message: SandboxMessage = {
    sid: newSid("SM"),
    accountSid: account.sid,
    direction: "inbound",
    to: number.phoneNumber,
    from: input.from,
    body: input.body,
    numSegments: segmentCount(input.body),
    dateCreated: now,
    steps: [{ status: "received", at: now }],
  };
  ctx.state.messages.push(message);
  if (number.smsUrl) {
    post(ctx.env, account, number.smsUrl, {
      AccountSid: account.sid,
      ApiVersion: API_VERSION,
      Body: input.body,
      From: input.from,
      MessageSid: message.sid,
      NumMedia: "0",
      NumSegments: String(message.numSegments),
      SmsMessageSid: message.sid,
      SmsSid: message.sid,
      SmsStatus: "received",
      To: number.phoneNumber,
      ...(optOutType ? { OptOutType: optOutType } : {}),
    });
  }
  return {
    messageSid: message.sid,
    ...(optOutType ? { optOutType } : {}),
    ...(number.smsUrl ? { webhookUrl: number.smsUrl } : {}),
  };
}
