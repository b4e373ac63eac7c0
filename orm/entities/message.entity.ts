import { defineEntity, p, type InferEntity } from "@mikro-orm/core";
import { baseProperties } from "./base.properties.js";
import { Campaign } from "./campaign.entity.js";
import { Connection } from "./connection.entity.js";
import { Workspace } from "./workspace.entity.js";

export const MESSAGE_CHANNELS = ["SMS", "WHATSAPP", "SLACK", "EMAIL"] as const;
export const MESSAGE_STATUSES = ["QUEUED", "SENT", "DELIVERED", "READ", "FAILED"] as const;

/** Owned by the messaging subgraph; campaign and connection are foreign keys held as ids. */
export const Message = defineEntity({
  name: "Message",
  indexes: [{ properties: ["workspace", "campaign"] }, { properties: ["workspace", "connection"] }],
  properties: {
    ...baseProperties,
    workspace: () => p.manyToOne(Workspace).mapToPk(),
    campaign: () => p.manyToOne(Campaign).mapToPk().nullable(),
    connection: () => p.manyToOne(Connection).mapToPk().nullable(),
    channel: p.enum(MESSAGE_CHANNELS),
    recipient: p.string().length(320),
    status: p.enum(MESSAGE_STATUSES).default("QUEUED"),
  },
});
export type Message = InferEntity<typeof Message>;
