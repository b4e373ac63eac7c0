import { defineEntity, p, type InferEntity } from "@mikro-orm/core";
import { baseProperties } from "./base.properties.js";
import { Execution, type ExecutionError } from "./execution.entity.js";

/** PENDING: waiting for a slot; QUEUED: a job was sent for it; RUNNING: a worker claimed it. */
export const ITEM_STATUSES = [
  "PENDING",
  "QUEUED",
  "RUNNING",
  "SUCCEEDED",
  "FAILED",
  "SKIPPED",
  "CANCELLED",
] as const;

/**
 * One call of a step: the step itself, or one audience member of a fan-out. Its output is the
 * GraphQL `data` the supergraph returned. At most `concurrency` items of a step are QUEUED or
 * RUNNING at once: each finished item hands its slot to the next PENDING one.
 */
export const ExecutionItem = defineEntity({
  name: "ExecutionItem",
  uniques: [{ properties: ["execution", "stepId", "index"] }],
  indexes: [{ properties: ["execution", "stepId", "status", "index"] }],
  properties: {
    ...baseProperties,
    execution: () => p.manyToOne(Execution).mapToPk(),
    stepId: p.string().length(64),
    index: p.integer(),
    status: p.enum(ITEM_STATUSES).default("PENDING"),
    /** The fan-out element (a recipient), when the step fans out. */
    item: p.json<unknown>().nullable(),
    attempts: p.integer().default(0),
    /** The job that claimed it: its own retry may resume it, another job may not. */
    claimedBy: p.string().length(64).nullable(),
    output: p.json<unknown>().nullable(),
    error: p.json<ExecutionError>().nullable(),
    finishedAt: p.datetime().nullable(),
  },
});
export type ExecutionItem = InferEntity<typeof ExecutionItem>;
