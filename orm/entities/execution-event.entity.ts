import { defineEntity, p, type InferEntity } from "@mikro-orm/core";
import { uuidv7 } from "../uuid.js";
import { Execution } from "./execution.entity.js";
import { Workspace } from "./workspace.entity.js";
import { jsonObject } from "./json.properties.js";

export const EXECUTION_EVENT_TYPES = [
  "EXECUTION_STARTED",
  "STEP_STARTED",
  "STEP_RETRYING",
  "STEP_SUCCEEDED",
  "STEP_FAILED",
  "STEP_SKIPPED",
  "ITEM_SUCCEEDED",
  "ITEM_FAILED",
  "PROGRESS",
  "LOG",
  "EXECUTION_PAUSED",
  "EXECUTION_RESUMED",
  "EXECUTION_SUCCEEDED",
  "EXECUTION_FAILED",
  "EXECUTION_CANCELLED",
] as const;

export interface ExecutionEventPayload {
  message?: string;
  progress?: number;
  attempt?: number;
  error?: { code: string; message: string };
  /** Entities a step's output named (a sent message), for clients to select through them. */
  refs?: Array<{ typename: string; id: string }>;
}

/**
 * The execution's event log: `seq` is per execution, starting at 1, with no gaps. Subscribers
 * replay it after the seq they last saw, then follow live.
 */
export const ExecutionEvent = defineEntity({
  name: "ExecutionEvent",
  uniques: [{ properties: ["execution", "seq"] }],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => uuidv7()),
    workspace: () => p.manyToOne(Workspace).mapToPk(),
    execution: () => p.manyToOne(Execution).mapToPk(),
    seq: p.integer(),
    type: p.enum(EXECUTION_EVENT_TYPES),
    stepId: p.string().length(64).nullable(),
    itemIndex: p.integer().nullable(),
    payload: jsonObject<ExecutionEventPayload>(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type ExecutionEvent = InferEntity<typeof ExecutionEvent>;
