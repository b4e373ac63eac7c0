import { defineEntity, p, type InferEntity } from "@mikro-orm/core";
import { baseProperties } from "./base.properties.js";
import { Execution, type ExecutionError } from "./execution.entity.js";
import { Workspace } from "./workspace.entity.js";

export const STEP_STATUSES = [
  "PENDING",
  "RUNNING",
  "SUCCEEDED",
  "FAILED",
  "SKIPPED",
  "CANCELLED",
] as const;

/** One step of an execution: its state, and counts over its items (one item unless fanned out). */
export const ExecutionStep = defineEntity({
  name: "ExecutionStep",
  uniques: [{ properties: ["execution", "stepId"] }],
  properties: {
    ...baseProperties,
    workspace: () => p.manyToOne(Workspace).mapToPk(),
    execution: () => p.manyToOne(Execution).mapToPk(),
    stepId: p.string().length(64),
    status: p.enum(STEP_STATUSES).default("PENDING"),
    itemsTotal: p.integer().default(0),
    itemsSucceeded: p.integer().default(0),
    itemsFailed: p.integer().default(0),
    /** Recipients who had opted out: not sent, not a failure. */
    itemsSkipped: p.integer().default(0),
    error: p.json<ExecutionError>().nullable(),
    startedAt: p.datetime().nullable(),
    finishedAt: p.datetime().nullable(),
  },
});
export type ExecutionStep = InferEntity<typeof ExecutionStep>;
