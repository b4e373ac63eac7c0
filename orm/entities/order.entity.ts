import { defineEntity, p, type InferEntity } from "@mikro-orm/core";
import { baseProperties } from "./base.properties.js";
import { Campaign } from "./campaign.entity.js";
import { Connection } from "./connection.entity.js";
import { Workspace } from "./workspace.entity.js";

/** Owned by the commerce subgraph: a shop order, attributed to a campaign when known. */
export const Order = defineEntity({
  name: "Order",
  tableName: "commerce_order",
  indexes: [{ properties: ["workspace", "campaign"] }, { properties: ["workspace", "connection"] }],
  properties: {
    ...baseProperties,
    workspace: () => p.manyToOne(Workspace).mapToPk(),
    campaign: () => p.manyToOne(Campaign).mapToPk().nullable(),
    connection: () => p.manyToOne(Connection).mapToPk().nullable(),
    externalId: p.string().length(64),
    totalMicros: p.bigint("number"),
    currency: p.string().length(3).check("currency ~ '^[A-Z]{3}$'"),
    placedAt: p.datetime(),
  },
});
export type Order = InferEntity<typeof Order>;
