import type { ConnectionHandle } from "./connector.js";
import type { ProviderConfig } from "./kit/provider-config.js";

/** An inbound webhook exactly as received: verification needs the raw bytes and the full URL. */
export interface WebhookRequest {
  method: string;
  /** The public URL the provider called (PUBLIC_URL + path + query), as it signed it. */
  url: string;
  /** Path segments after `/webhooks/<provider>/` (a connection id, for per-account secrets). */
  segments: string[];
  query: URLSearchParams;
  /** Lower-case header names. */
  headers: Record<string, string | undefined>;
  rawBody: Buffer;
}

export interface WebhookReply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export type DeliveryStatus = "SENT" | "DELIVERED" | "READ" | "FAILED";

/** What a provider's webhook means, in Crosscast's terms. */
export type WebhookEvent =
  | {
      type: "MESSAGE_STATUS";
      /** Stable per provider event: deduplication key. */
      eventId: string;
      providerMessageId?: string;
      /** Crosscast's message id, when the provider echoes it back. */
      messageId?: string;
      status: DeliveryStatus;
      /** The provider's failure code, for FAILED. */
      errorCode?: string;
      occurredAt?: Date;
    }
  | {
      type: "INBOUND_MESSAGE";
      eventId: string;
      /** The provider account that received it (WhatsApp phone number id), for app-level webhooks. */
      accountId?: string;
      from: string;
      to: string;
      text: string;
      /** The provider (or the keyword) says the sender opted out (STOP). */
      optOut: boolean;
    }
  | { type: "OPT_OUT"; eventId: string; accountId?: string; address: string; reason: string }
  /** The recipient opted back in by their own action (WhatsApp "resume", an SMS START). */
  | { type: "OPT_IN"; eventId: string; accountId?: string; address: string }
  | { type: "CONNECTION_REVOKED"; eventId: string; externalAccountId: string; reason: string };

/** The secrets a verification may need: app-level (Meta, Slack) or the connection's (Twilio, SendGrid). */
export interface WebhookKeys {
  config: ProviderConfig;
  connection?: ConnectionHandle;
}

export interface WebhookHandler {
  /** "connection": the URL carries a connection id whose credentials verify the signature. */
  scope: "app" | "connection";
  /** Provider handshakes answered before verification (Meta hub.challenge, Slack url_verification). */
  handshake?(request: WebhookRequest, keys: WebhookKeys): WebhookReply | undefined;
  /** Signature over the raw request, compared in constant time; replay windows where the provider has one. */
  verify(request: WebhookRequest, keys: WebhookKeys): boolean;
  /** The events in a verified request (one request may carry several). */
  parse(request: WebhookRequest): WebhookEvent[];
  /** What to answer once the events are stored (providers expect 200 or 204, TwiML for Twilio). */
  acknowledge?: WebhookReply;
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
