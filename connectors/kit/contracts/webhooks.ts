import type { ProviderConfig } from "../provider-config.js";
import type { ProviderCategory } from "../provider-spec.js";
import type { ConnectionHandle } from "./connection.js";

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

/** A messaging provider's webhook, in Crosscast's terms. */
export type MessagingWebhookEvent =
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
      /** The failure means the recipient opted out (the connector knows its provider's codes). */
      optedOut?: boolean;
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
  | { type: "OPT_IN"; eventId: string; accountId?: string; address: string };

/** A social network's webhook: a publish that finished later, or engagement on a post. */
export type SocialWebhookEvent =
  | {
      type: "POST_STATUS";
      eventId: string;
      /** The network's post id; absent when a publish failed before the post existed. */
      providerPostId?: string;
      /** The PROCESSING publish this ends (its `ref`), when the network names it (TikTok's publish_id). */
      ref?: string;
      /** Crosscast's post id, when the network echoes the marker back. */
      postId?: string;
      state: "PUBLISHED" | "FAILED" | "DELETED";
      permalink?: string;
      reason?: string;
      occurredAt?: Date;
    }
  | {
      type: "ENGAGEMENT";
      eventId: string;
      kind: "COMMENT" | "MENTION" | "REPLY";
      providerPostId?: string;
      authorId?: string;
      text?: string;
      occurredAt?: Date;
    };

/** An ad platform's webhook: an object's status changed (review, billing), or a lead arrived. */
export type AdsWebhookEvent =
  | {
      type: "AD_STATUS";
      eventId: string;
      level: "CAMPAIGN" | "AD_GROUP" | "AD";
      id: string;
      /** The object's status now, in Crosscast's terms (ads.ts `AdStatus`; a review's outcome is
       * PENDING_REVIEW, REJECTED, or the status the object had once approved). */
      status: "ACTIVE" | "PAUSED" | "ARCHIVED" | "DELETED" | "PENDING_REVIEW" | "REJECTED";
      /** The platform's reason, for REJECTED and the like. */
      reason?: string;
    }
  | {
      type: "LEAD";
      eventId: string;
      leadId: string;
      formId?: string;
      adId?: string;
      occurredAt?: Date;
    };

/** A shop's webhook: a record changed, or a privacy request (mandatory for Shopify apps). */
export type CommerceWebhookEvent =
  | {
      type: "RECORD_CHANGED";
      eventId: string;
      resource: "CUSTOMERS" | "PRODUCTS" | "ORDERS";
      id: string;
      deleted: boolean;
    }
  | { type: "CUSTOMER_REDACT"; eventId: string; customerId: string; email?: string; phone?: string }
  | { type: "CUSTOMER_DATA_REQUEST"; eventId: string; customerId: string; requestId: string }
  | { type: "SHOP_REDACT"; eventId: string; shopDomain: string };

/** Any category's: the provider revoked the app's access for an account. */
export type ConnectionRevokedEvent = {
  type: "CONNECTION_REVOKED";
  eventId: string;
  externalAccountId: string;
  reason: string;
};

export interface WebhookEventsByCategory {
  MESSAGING: MessagingWebhookEvent | ConnectionRevokedEvent;
  SOCIAL: SocialWebhookEvent | ConnectionRevokedEvent;
  ADS: AdsWebhookEvent | ConnectionRevokedEvent;
  COMMERCE: CommerceWebhookEvent | ConnectionRevokedEvent;
}

/** What a provider's webhook means, in Crosscast's terms, whatever its category. */
export type WebhookEvent = WebhookEventsByCategory[ProviderCategory];

/** The secrets a verification may need: app-level (Meta, Slack) or the connection's (Twilio, SendGrid). */
export interface WebhookKeys {
  config: ProviderConfig;
  connection?: ConnectionHandle;
}

export interface WebhookHandler<E extends WebhookEvent = WebhookEvent> {
  /** "connection": the URL carries a connection id whose credentials verify the signature. */
  scope: "app" | "connection";
  /** Provider handshakes answered before verification (Meta hub.challenge, Slack url_verification). */
  handshake?(request: WebhookRequest, keys: WebhookKeys): WebhookReply | undefined;
  /** Signature over the raw request, compared in constant time; replay windows where the provider has one. */
  verify(request: WebhookRequest, keys: WebhookKeys): boolean;
  /** The events in a verified request (one request may carry several). */
  parse(request: WebhookRequest): E[];
  /** What to answer once the events are stored (providers expect 200 or 204, TwiML for Twilio). */
  acknowledge?: WebhookReply;
}
