import type { ProviderSandbox } from "../sandbox/sandbox.js";
import type { AccountStatus } from "./twilio.sandbox-state.js";
import type { InboundResult, InboundSms } from "./twilio.sandbox-webhooks.js";

/** What tests (and the demo) drive the Twilio sandbox with, besides its HTTP API. */
export interface TwilioSandboxAccount {
  accountSid: string;
  authToken: string;
  fromNumber: string;
}

/** An outbound message as the sandbox accepted it. */
export interface TwilioSentMessage {
  sid: string;
  accountSid: string;
  to: string;
  from: string;
  body: string;
  contentSid?: string;
  contentVariables?: string;
  statusCallback?: string;
  status: string;
}

export interface TwilioSandbox extends ProviderSandbox {
  /** A new active account owning one SMS number (`fromNumber`, generated unless given). */
  createAccount(options?: { friendlyName?: string; fromNumber?: string }): TwilioSandboxAccount;
  /** Gives the account another number; returns its PN SID. */
  addPhoneNumber(accountSid: string, phoneNumber: string): string;
  /** Suspends or closes an account (Accounts fetch shows it; other calls get 403/20403). */
  setAccountStatus(accountSid: string, status: AccountStatus): void;
  /** Turns off SMS geo permission for destinations starting with `prefix` (error 21408). */
  blockRegion(accountSid: string, prefix: string): void;
  /** Replaces the auth token, as the Console's token rotation does; returns the new one. */
  rotateAuthToken(accountSid: string): string;
  /** The account's current state (its auth token after a rotation, say). */
  account(accountSid: string): { authToken: string; status: AccountStatus; friendlyName: string };
  /** The number's inbound settings, as `register` left them. */
  phoneNumber(phoneNumber: string): { sid: string; smsUrl: string | null; smsMethod: string };
  /** Every outbound message accepted, oldest first (only one account's when given). */
  sentMessages(accountSid?: string): TwilioSentMessage[];
  /** An SMS from a subscriber to one of the sandbox's numbers (STOP opts them out). */
  receive(input: InboundSms): InboundResult;
  /** Whether `recipient` opted out of messages from `sender`. */
  isOptedOut(sender: string, recipient: string): boolean;
}
