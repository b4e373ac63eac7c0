import { defineEntity, p, type InferEntity } from "@mikro-orm/core";
import { baseProperties } from "./base.properties.js";

export const WEBHOOK_EVENT_STATUSES = ["RECEIVED", "PROCESSED", "IGNORED", "FAILED"] as const;

/**
 * Every verified provider webhook event, stored before it is processed (so none is lost) and
 * unique per provider event id (so a replayed or retried delivery is processed once).
 */
export const WebhookEvent = defineEntity({
  name: "WebhookEvent",
  uniques: [{ properties: ["provider", "eventId"] }],
  indexes: [{ properties: ["status", "createdAt"] }],
  properties: {
    ...baseProperties,
    provider: p.string().length(40),
    eventId: p.string().length(255),
    type: p.string().length(40),
    /** The connection the webhook URL named, when it named one. */
    connectionId: p.uuid().nullable(),
    /** The event in Crosscast's terms (never the raw body, which may carry secrets). */
    payload: p.json<Record<string, unknown>>(),
    status: p.enum(WEBHOOK_EVENT_STATUSES).default("RECEIVED"),
    error: p.text().nullable(),
    processedAt: p.datetime().nullable(),
  },
});
export type WebhookEvent = InferEntity<typeof WebhookEvent>;
