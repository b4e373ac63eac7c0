import { defineEntity, p, type InferEntity } from "@mikro-orm/core";
import { Agent } from "./agent.entity.js";
import { baseProperties } from "./base.properties.js";
import { Campaign } from "./campaign.entity.js";
import { Workspace } from "./workspace.entity.js";
import { jsonObject } from "./json.properties.js";

export const EXECUTION_STATUSES = [
  "PENDING",
  "RUNNING",
  "PAUSED",
  "SUCCEEDED",
  "FAILED",
  "CANCELLED",
] as const;
export const EXECUTION_MODES = ["LIVE", "DRY_RUN"] as const;

export interface ExecutionError {
  code: string;
  message: string;
  stepId?: string;
}

/**
 * One run of a playbook (an agent's or a campaign's). The playbook and inputs are copied at start,
 * so later edits do not change a run. `lastSeq` numbers its events with no gaps: each event takes
 * the next value in the same transaction as the state change it reports.
 */
export const Execution = defineEntity({
  name: "Execution",
  indexes: [{ properties: ["workspace", "createdAt", "id"] }, { properties: ["status"] }],
  properties: {
    ...baseProperties,
    workspace: () => p.manyToOne(Workspace).mapToPk(),
    agent: () => p.manyToOne(Agent).mapToPk().nullable().index(),
    campaign: () => p.manyToOne(Campaign).mapToPk().nullable().index(),
    status: p.enum(EXECUTION_STATUSES).default("PENDING"),
    mode: p.enum(EXECUTION_MODES).default("LIVE"),
    playbook: jsonObject<Record<string, unknown>>(),
    inputs: jsonObject<Record<string, unknown>>(),
    /** Who started it (a user id), for the audit trail. */
    startedBy: p.string().length(200).nullable(),
    scheduledAt: p.datetime().nullable(),
    startedAt: p.datetime().nullable(),
    finishedAt: p.datetime().nullable(),
    lastSeq: p.integer().default(0),
    /** Percentage of the work done, 0 to 100. */
    progress: p.integer().default(0),
    error: p.json<ExecutionError>().nullable(),
  },
});
export type Execution = InferEntity<typeof Execution>;
