import type { BaseConnector, ConnectionHandle, ConnectorContext } from "./connector.js";
import type { DeliveryStatus } from "./webhooks.js";

export const MESSAGING_CHANNELS = ["SMS", "WHATSAPP", "SLACK", "EMAIL"] as const;
export type MessagingChannel = (typeof MESSAGING_CHANNELS)[number];

/** One message to send, already validated and recorded (QUEUED) by the messaging subgraph. */
export interface OutboundMessage {
  /** Crosscast's message id: carried to the provider where it can hold one (callback URL,
   * `biz_opaque_callback_data`, Slack metadata, a Message-ID header, SendGrid custom_args), so
   * that a write whose answer was lost can be found again and webhooks can name it. */
  messageId: string;
  to: string;
  text?: string;
  /** Email only. */
  subject?: string;
  html?: string;
  /** A provider-side template (WhatsApp template, SendGrid dynamic template). */
  template?: {
    name: string;
    language?: string;
    /** Positional parameters (WhatsApp body parameters) or named values (SendGrid data). */
    parameters?: Record<string, string>;
  };
  /** Where the provider should post this message's status updates, when it takes one per message. */
  statusCallbackUrl?: string;
}

export interface SendResult {
  providerMessageId: string;
}

/** What a lookup matches a message by: Crosscast's id where the provider keeps it, else content. */
export interface MessageLookup {
  /** Crosscast's message id (Slack metadata, Gmail's Message-ID header). */
  messageId: string;
  to: string;
  /** The message was handed to the provider at or after this moment (Crosscast's clock). */
  sentAfter: Date;
  /** The text sent, for providers that can only match a message by its content (Twilio). */
  text?: string;
}

/** A message the provider has: its id, and where its delivery stands now. */
export interface FoundMessage {
  providerMessageId: string;
  status: DeliveryStatus;
  /** The provider's failure code, for FAILED. */
  errorCode?: string;
  /** The failure means the recipient opted out (set from the provider's own codes). */
  optedOut?: boolean;
}

/** Size limits per channel, checked before anything is recorded. */
export interface ChannelLimits {
  maxTextLength: number;
  maxSubjectLength?: number;
}

export interface MessagingConnector extends BaseConnector<"MESSAGING"> {
  channel: MessagingChannel;
  limits: ChannelLimits;
  /**
   * Sends one message. A write whose outcome is unknown (no answer after sending) is looked up
   * with the provider where the provider allows it (the HTTP core's `reconcile`), and otherwise
   * fails with UNKNOWN_OUTCOME; it is never sent blindly twice.
   */
  send(
    ctx: ConnectorContext,
    connection: ConnectionHandle,
    message: OutboundMessage,
  ): Promise<SendResult>;
  /**
   * Asks the provider whether it has a message whose send was never recorded (the same search
   * `send` uses after a lost answer). Undefined means a complete search found no such message:
   * the provider never took it. Throws UNKNOWN_OUTCOME when the provider cannot tell (nothing to
   * match the message by, a search too long to read), and a retryable kind when it could not be
   * asked now. Providers with no way to find a message (SendGrid, WhatsApp) leave it out.
   */
  lookup?(
    ctx: ConnectorContext,
    connection: ConnectionHandle,
    query: MessageLookup,
  ): Promise<FoundMessage | undefined>;
}

/** STOP keywords carriers and Twilio honour for SMS opt-out. */
export const OPT_OUT_KEYWORDS = new Set([
  "STOP",
  "STOPALL",
  "UNSUBSCRIBE",
  "CANCEL",
  "END",
  "QUIT",
  "OPTOUT",
  "REVOKE",
]);

export function isOptOutText(text: string): boolean {
  return OPT_OUT_KEYWORDS.has(text.trim().toUpperCase());
}
