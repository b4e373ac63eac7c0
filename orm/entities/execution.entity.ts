import { defineEntity, p, type InferEntity } from "@mikro-orm/core";
import { Agent } from "./agent.entity.js";
import { baseProperties } from "./base.properties.js";
import { Campaign } from "./campaign.entity.js";
import { Workspace } from "./workspace.entity.js";

export const EXECUTION_STATUSES = [
  "PENDING",
  "RUNNING",
  "PAUSED",
  "SUCCEEDED",
  "FAILED",
  "CANCELLED",
] as const;
export const EXECUTION_MODES = ["LIVE", "DRY_RUN"] as const;

export const Execution = defineEntity({
  name: "Execution",
  indexes: [{ properties: ["workspace", "createdAt", "id"] }],
  properties: {
    ...baseProperties,
    workspace: () => p.manyToOne(Workspace).mapToPk(),
    agent: () => p.manyToOne(Agent).mapToPk().nullable().index(),
    campaign: () => p.manyToOne(Campaign).mapToPk().nullable().index(),
    status: p.enum(EXECUTION_STATUSES).default("PENDING"),
    mode: p.enum(EXECUTION_MODES).default("LIVE"),
    startedAt: p.datetime().nullable(),
    finishedAt: p.datetime().nullable(),
  },
});
export type Execution = InferEntity<typeof Execution>;
