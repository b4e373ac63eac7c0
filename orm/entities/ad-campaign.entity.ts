import { defineEntity, p, type InferEntity } from "@mikro-orm/core";
import { baseProperties } from "./base.properties.js";
import { Campaign } from "./campaign.entity.js";
import { Connection } from "./connection.entity.js";
import { Workspace } from "./workspace.entity.js";

export const AD_CAMPAIGN_STATUSES = ["DRAFT", "ACTIVE", "PAUSED", "ENDED"] as const;

/** Owned by the ads subgraph: a campaign on one ad platform, with its own budget and spend. */
export const AdCampaign = defineEntity({
  name: "AdCampaign",
  indexes: [{ properties: ["workspace", "campaign"] }, { properties: ["workspace", "connection"] }],
  properties: {
    ...baseProperties,
    workspace: () => p.manyToOne(Workspace).mapToPk(),
    campaign: () => p.manyToOne(Campaign).mapToPk().nullable(),
    connection: () => p.manyToOne(Connection).mapToPk().nullable(),
    platform: p.string().length(40),
    name: p.string().length(200),
    status: p.enum(AD_CAMPAIGN_STATUSES).default("DRAFT"),
    dailyBudgetMicros: p.bigint("number").check("daily_budget_micros >= 0"),
    spendMicros: p.bigint("number").default(0),
    currency: p.string().length(3).check("currency ~ '^[A-Z]{3}$'"),
  },
});
export type AdCampaign = InferEntity<typeof AdCampaign>;
