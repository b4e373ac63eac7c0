import { verifySendGrid } from "../kit/webhook-signatures.js";
import type { WebhookHandler, WebhookRequest } from "../kit/contracts/index.js";
import { toWebhookEvents } from "./sendgrid.mapper.js";
import { parseEventBatch } from "./sendgrid.schemas.js";

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
