import { randomUUID } from "node:crypto";
import { isOptOutText } from "../kit/contracts/index.js";
import { signTwilio } from "./twilio.webhooks.js";
import { deliveryTimeline, sendTimeline, type TimelineStep } from "../sandbox/delivery-timeline.js";
import type { OutgoingWebhook } from "../sandbox/webhook-sender.js";
import {
  API_VERSION,
  newSid,
  segmentCount,
  type MessageStatus,
  type SandboxContext,
  type SandboxMessage,
} from "./twilio.sandbox-state.js";

/**
 * The webhooks the Twilio sandbox sends: status callbacks of outbound messages and inbound SMS
 * to a number's SmsUrl. Form POSTs signed with the account's auth token (X-Twilio-Signature),
 * each with its own I-Twilio-Idempotency-Token (kept across the sender's retries).
 */

/** Twilio's default opt-in and help keywords, from memory (unverified); opt-out: `isOptOutText`. */
const OPT_IN_KEYWORDS = new Set(["START", "UNSTOP", "YES"]);
const HELP_KEYWORDS = new Set(["HELP", "INFO"]);

function signed(
  ctx: SandboxContext,
  accountSid: string,
  url: string,
  params: Record<string, string>,
): Omit<OutgoingWebhook, "delayMs"> {
  return {
    url,
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-twilio-signature": signTwilio(ctx.state.authToken(accountSid), url, params),
      "i-twilio-idempotency-token": randomUUID(),
      "user-agent": "TwilioProxy/1.1", // Twilio's webhook user agent, from memory (unverified)
    },
    body: new URLSearchParams(params).toString(),
  };
}

/**
 * queued now, sent after one status delay, then delivered or undelivered after two. A failure
 * code that is not one of Twilio's (the default model's UNDELIVERABLE) is 30003, "Unreachable
 * destination handset".
 */
export function deliverySteps(
  ctx: SandboxContext,
  to: string,
  sid: string,
): Array<TimelineStep<MessageStatus>> {
  const steps = deliveryTimeline(
    ctx.env,
    { provider: "twilio", channel: "SMS", recipient: to, messageId: sid },
    { accepted: "queued", sent: "sent", delivered: "delivered", failed: "undelivered" },
  );
  return steps.map(step =>
    step.status === "undelivered" && !/^\d+$/.test(step.failureCode ?? "")
      ? { ...step, failureCode: "30003" }
      : step,
  );
}

/** One callback per step after "queued", when the message asked for them (StatusCallback). */
export function sendStatusCallbacks(ctx: SandboxContext, message: SandboxMessage): void {
  const url = message.statusCallback;
  if (!url) {
    return;
  }
  sendTimeline(ctx.env, message.steps.slice(1), step =>
    signed(ctx, message.accountSid, url, {
      AccountSid: message.accountSid,
      ApiVersion: API_VERSION,
      From: message.from,
      MessageSid: message.sid,
      MessageStatus: step.status,
      SmsSid: message.sid,
      SmsStatus: step.status,
      To: message.to,
      ...(step.failureCode ? { ErrorCode: step.failureCode } : {}),
    }),
  );
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

function keywordOf(body: string): InboundResult["optOutType"] {
  const keyword = body.trim().toUpperCase();
  if (isOptOutText(body)) {
    return "STOP";
  }
  return OPT_IN_KEYWORDS.has(keyword) ? "START" : HELP_KEYWORDS.has(keyword) ? "HELP" : undefined;
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
  const optOutType = keywordOf(input.body);
  if (optOutType === "STOP" || optOutType === "START") {
    ctx.state.optOut(number.phoneNumber, input.from, optOutType === "STOP");
  }
  const now = ctx.env.now();
  const message: SandboxMessage = {
    sid: newSid("SM"),
    accountSid: number.accountSid,
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
    ctx.env.webhooks.send(
      signed(ctx, number.accountSid, number.smsUrl, {
        AccountSid: number.accountSid,
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
      }),
    );
  }
  return {
    messageSid: message.sid,
    ...(optOutType ? { optOutType } : {}),
    ...(number.smsUrl ? { webhookUrl: number.smsUrl } : {}),
  };
}
