import { createSign, createVerify } from "node:crypto";
import type { WebhookHandler, WebhookRequest } from "../kit/contracts/index.js";
import { toWebhookEvents } from "./sendgrid.mapper.js";
import { parseEventBatch } from "./sendgrid.schemas.js";

/**
 * SendGrid Event Webhook: ECDSA P-256 / SHA-256 over timestamp + raw body; the signature is
 * base64 DER, verified with the account's public key (base64 DER SPKI).
 */
export function signSendGrid(
  privateKeyPem: string,
  timestamp: string,
  rawBody: string | Buffer,
): string {
  return createSign("sha256")
    .update(Buffer.concat([Buffer.from(timestamp), Buffer.from(rawBody)]))
    .sign(privateKeyPem, "base64");
}

export function verifySendGrid(
  publicKeyBase64: string,
  rawBody: string | Buffer,
  timestamp: string | undefined,
  signature: string | undefined,
): boolean {
  if (!timestamp || !signature) {
    return false;
  }
  try {
    const key = {
      key: Buffer.from(publicKeyBase64, "base64"),
      format: "der",
      type: "spki",
    } as const;
    return createVerify("sha256")
      .update(Buffer.concat([Buffer.from(timestamp), Buffer.from(rawBody)]))
      .verify(key, signature, "base64");
  } catch {
    return false;
  }
}

/** The Signed Event Webhook's headers (lower-case, as the routes hand them over). */
export const SIGNATURE_HEADER = "x-twilio-email-event-webhook-signature";
export const TIMESTAMP_HEADER = "x-twilio-email-event-webhook-timestamp";

/**
 * SendGrid's Event Webhook, one URL per connection (`/webhooks/sendgrid/<connectionId>`): the
 * signature is ECDSA P-256 over `timestamp + raw body`, checked with the public key `register`
 * stored in the connection's settings (`webhookPublicKey`).
 *
 * SendGrid documents no freshness window for the timestamp and retries failed posts for up to
 * 24 hours (unverified whether a retry is re-signed), so we do not refuse old timestamps: a
 * replay carries the same `sg_event_id`s, and the runtime deduplicates on `eventId`.
 */
export const sendgridWebhooks: WebhookHandler = {
  scope: "connection",

  verify(request: WebhookRequest, keys): boolean {
    const publicKey = keys.connection?.settings.webhookPublicKey;
    if (!publicKey || request.method !== "POST") {
      return false;
    }
    return verifySendGrid(
      publicKey,
      request.rawBody,
      request.headers[TIMESTAMP_HEADER],
      request.headers[SIGNATURE_HEADER],
    );
  },

  parse(request: WebhookRequest) {
    return parseEventBatch(request.rawBody.toString("utf8")).flatMap(toWebhookEvents);
  },

  // Any 2xx stops SendGrid's retries.
  acknowledge: { status: 200 },
};
