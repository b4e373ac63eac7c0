import { defineEntity, p, type InferEntity } from "@mikro-orm/core";
import { baseProperties } from "./base.properties.js";
import { Campaign } from "./campaign.entity.js";
import { Connection } from "./connection.entity.js";
import { Workspace } from "./workspace.entity.js";

export const POST_STATUSES = ["DRAFT", "SCHEDULED", "PUBLISHED", "FAILED"] as const;

/** Owned by the social subgraph. */
export const Post = defineEntity({
  name: "Post",
  indexes: [{ properties: ["workspace", "campaign"] }, { properties: ["workspace", "connection"] }],
  properties: {
    ...baseProperties,
    workspace: () => p.manyToOne(Workspace).mapToPk(),
    campaign: () => p.manyToOne(Campaign).mapToPk().nullable(),
    connection: () => p.manyToOne(Connection).mapToPk().nullable(),
    network: p.string().length(40),
    body: p.text(),
    status: p.enum(POST_STATUSES).default("DRAFT"),
    publishedAt: p.datetime().nullable(),
  },
});
export type Post = InferEntity<typeof Post>;
