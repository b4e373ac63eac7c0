import { defineEntity, p, type InferEntity } from "@mikro-orm/core";
import { baseProperties } from "./base.properties.js";
import { Campaign } from "./campaign.entity.js";
import { Connection } from "./connection.entity.js";
import { Workspace } from "./workspace.entity.js";

export const MESSAGE_CHANNELS = ["SMS", "WHATSAPP", "SLACK", "EMAIL"] as const;
export const MESSAGE_STATUSES = ["QUEUED", "SENT", "DELIVERED", "READ", "FAILED"] as const;

export interface MessageContent {
  text?: string;
  subject?: string;
  html?: string;
  template?: { name: string; language?: string; parameters?: Record<string, string> };
}

/**
 * Owned by the messaging subgraph. A message is recorded (QUEUED) before the provider is called;
 * the idempotency key makes a repeated request return the same message without a second call.
 */
export const Message = defineEntity({
  name: "Message",
  uniques: [{ properties: ["workspace", "idempotencyKey"] }],
  indexes: [
    { properties: ["workspace", "campaign"] },
    { properties: ["workspace", "connection"] },
    { properties: ["provider", "providerMessageId"] },
    // The few messages whose send was never recorded, oldest lease first: what the sweep reads.
    {
      name: "message_unsettled_lease_until_index",
      properties: ["leaseUntil"],
      where: "status = 'QUEUED' and provider_message_id is null and error_code is null",
    },
  ],
  properties: {
    ...baseProperties,
    workspace: () => p.manyToOne(Workspace).mapToPk(),
    campaign: () => p.manyToOne(Campaign).mapToPk().nullable(),
    connection: () => p.manyToOne(Connection).mapToPk().nullable(),
    channel: p.enum(MESSAGE_CHANNELS),
    provider: p.string().length(40).nullable(),
    recipient: p.string().length(320),
    status: p.enum(MESSAGE_STATUSES).default("QUEUED"),
    /** Sent by a dry run, to the provider's sandbox: shown, never counted as real. */
    dryRun: p.boolean().default(false),
    content: p.json<MessageContent>().nullable(),
    idempotencyKey: p.string().length(200).nullable(),
    /** SHA-256 of the request, so a key reused for a different message is refused. */
    requestHash: p.string().length(64).nullable(),
    providerMessageId: p.string().length(200).nullable(),
    /** Taxonomy code of the last failure (UNKNOWN_OUTCOME, RATE_LIMITED, …) and a safe message. */
    errorCode: p.string().length(40).nullable(),
    errorMessage: p.text().nullable(),
    providerErrorCode: p.string().length(60).nullable(),
    attempts: p.integer().default(0),
    /** A sender holds the message until then; after it, another request may retry the send. */
    leaseUntil: p.datetime().nullable(),
    sentAt: p.datetime().nullable(),
    deliveredAt: p.datetime().nullable(),
    readAt: p.datetime().nullable(),
    failedAt: p.datetime().nullable(),
  },
});
export type Message = InferEntity<typeof Message>;
