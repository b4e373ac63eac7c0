import type { EntityManager } from "@mikro-orm/postgresql";
import type { ExecutionError } from "../../../orm/entities/execution.entity.js";
import type { ExecutionEventPayload } from "../../../orm/entities/execution-event.entity.js";
import { type Execution, ExecutionStep } from "../../../orm/entities/index.js";
import { appendEvents, type NewEvent } from "./event-log.js";
import { lockExecution, playbookOf, stepOf, stepRows, TERMINAL } from "./execution-state.js";
import type { StepPlanner } from "./step-planner.js";

export type ItemOutcome =
  | { kind: "SUCCEEDED"; output: unknown; refs: ExecutionEventPayload["refs"] }
  | { kind: "FAILED"; error: ExecutionError }
  /** Not done and not a failure: the recipient opted out. */
  | { kind: "SKIPPED"; error: ExecutionError };

/** Percentage of the playbook done: finished steps count whole, running ones by their items. */
async function progressOf(tx: EntityManager, execution: Execution): Promise<number> {
  const steps = await stepRows(tx, execution.id);
  const total = playbookOf(execution).steps.length;
  let done = 0;
  for (const row of steps.values()) {
    done +=
      row.status === "RUNNING"
        ? (row.itemsSucceeded + row.itemsFailed + row.itemsSkipped) / Math.max(row.itemsTotal, 1)
        : row.status === "PENDING"
          ? 0
          : 1;
  }
  return Math.min(100, Math.floor((100 * done) / Math.max(total, 1)));
}

/**
 * Records one item's result, its events and what follows in one transaction: the freed slot goes
 * to the next item, a finished step is closed (failed if any item failed), and the execution moves
 * on. A result for an item that is no longer RUNNING (a duplicate delivery) changes nothing.
 */
export async function completeItem(
  tx: EntityManager,
  planner: StepPlanner,
  item: { executionId: string; stepId: string; index: number },
  outcome: ItemOutcome,
): Promise<void> {
  const execution = await lockExecution(tx, item.executionId);
  if (!execution) {
    return;
  }
  const updated = await tx.execute<Array<{ id: string }>>(
    `update execution_item set status = ?, output = ?, error = ?, finished_at = now(), updated_at = now()
     where execution_id = ? and step_id = ? and index = ? and status = 'RUNNING' returning id`,
    [
      outcome.kind,
      outcome.kind === "SUCCEEDED" ? JSON.stringify(outcome.output ?? null) : null,
      outcome.kind === "SUCCEEDED" ? null : JSON.stringify(outcome.error),
      item.executionId,
      item.stepId,
      item.index,
    ],
  );
  if (!updated.length) {
    return;
  }
  const step = await tx.findOneOrFail(
    ExecutionStep,
    { execution: execution.id, stepId: item.stepId },
    { refresh: true },
  );
  const counter = (
    { SUCCEEDED: "itemsSucceeded", FAILED: "itemsFailed", SKIPPED: "itemsSkipped" } as const
  )[outcome.kind];
  step[counter] += 1;
  const playbookStep = stepOf(playbookOf(execution), item.stepId);
  const events: NewEvent[] = [];
  if (playbookStep.forEach || outcome.kind !== "SUCCEEDED") {
    events.push({
      type: outcome.kind === "SUCCEEDED" ? "ITEM_SUCCEEDED" : "ITEM_FAILED",
      stepId: item.stepId,
      itemIndex: playbookStep.forEach ? item.index : null,
      payload:
        outcome.kind === "SUCCEEDED" ? { refs: outcome.refs ?? [] } : { error: outcome.error },
    });
  }
  const finished = step.itemsSucceeded + step.itemsFailed + step.itemsSkipped >= step.itemsTotal;
  if (finished && step.status === "RUNNING") {
    step.status = step.itemsFailed > 0 ? "FAILED" : "SUCCEEDED";
    step.finishedAt = new Date();
    if (step.status === "FAILED") {
      step.error =
        outcome.kind === "FAILED" && step.itemsTotal === 1
          ? { ...outcome.error, stepId: item.stepId }
          : {
              code: "ITEMS_FAILED",
              message: `${step.itemsFailed} of ${step.itemsTotal} items failed`,
              stepId: item.stepId,
            };
      execution.error ??= step.error;
    }
    events.push({
      type: step.status === "FAILED" ? "STEP_FAILED" : "STEP_SUCCEEDED",
      stepId: item.stepId,
      payload:
        step.status === "FAILED"
          ? { error: step.error! }
          : playbookStep.forEach
            ? {}
            : { refs: outcome.kind === "SUCCEEDED" ? (outcome.refs ?? []) : [] },
    });
  }
  await tx.flush();
  const progress = await progressOf(tx, execution);
  if (progress > execution.progress && progress < 100) {
    execution.progress = progress;
    events.push({ type: "PROGRESS", payload: { progress } });
  }
  await appendEvents(tx, execution.id, execution.workspace, events);
  await tx.flush();
  if (TERMINAL.has(execution.status) || execution.status === "PAUSED") {
    return;
  }
  if (!finished) {
    await planner.fillWindow(tx, execution, playbookStep);
    return;
  }
  await planner.advance(tx, execution);
}
