import type { EntityManager } from "@mikro-orm/postgresql";
import type { ExecutionError } from "../../../orm/entities/execution.entity.js";
import type { ExecutionEventPayload } from "../../../orm/entities/execution-event.entity.js";
import { appendEvents, type NewEvent } from "./event-log.js";
import { lockExecution, playbookOf, stepOf, stepRows, TERMINAL } from "./execution-state.js";
import type { StepPlanner } from "./step-planner.js";

export type ItemOutcome =
  | { kind: "SUCCEEDED"; output: unknown; refs: ExecutionEventPayload["refs"] }
  | { kind: "FAILED"; error: ExecutionError }
  /** Not done and not a failure: the recipient opted out. */
  | { kind: "SKIPPED"; error: ExecutionError };

interface Locked {
  status: string;
  progress: number;
  workspace_id: string;
  playbook: Record<string, unknown>;
}

interface StepCounts {
  items_total: number;
  items_succeeded: number;
  items_failed: number;
  items_skipped: number;
  status: string;
}

const COUNTER = {
  SUCCEEDED: "items_succeeded",
  FAILED: "items_failed",
  SKIPPED: "items_skipped",
} as const;

const doneOf = (counts: StepCounts) =>
  counts.items_succeeded + counts.items_failed + counts.items_skipped;

/** The step's error once all its items are done, or null when it succeeded. */
function stepError(
  counts: StepCounts,
  stepId: string,
  outcome: ItemOutcome,
): ExecutionError | null {
  if (counts.items_failed === 0) {
    return null;
  }
  if (outcome.kind === "FAILED" && counts.items_total === 1) {
    return { ...outcome.error, stepId };
  }
  const message = `${counts.items_failed} of ${counts.items_total} items failed`;
  return { code: "ITEMS_FAILED", message, stepId };
}

/**
 * Records one item's result, its events and what follows in one transaction: the freed slot goes
 * to the next item, a finished step is closed (failed if any item failed), and the execution moves
 * on. A result for an item that is no longer RUNNING (a duplicate delivery) changes nothing.
 *
 * This runs once per item of every fan-out while the execution row is locked (the lock every
 * state change takes first, which also keeps event numbers gapless), so the common path is four
 * statements: lock, item and step counters together, the next item's job, the events.
 */
export async function completeItem(
  tx: EntityManager,
  planner: StepPlanner,
  item: { executionId: string; stepId: string; index: number },
  outcome: ItemOutcome,
): Promise<void> {
  const [locked] = await tx.execute<Locked[]>(
    `select status, progress, workspace_id, playbook from execution where id = ? for update`,
    [item.executionId],
  );
  if (!locked) {
    return;
  }
  const [counts] = await tx.execute<StepCounts[]>(
    `with i as (
       update execution_item set status = ?, output = ?, error = ?, finished_at = now(), updated_at = now()
       where execution_id = ? and step_id = ? and index = ? and status = 'RUNNING' returning 1
     )
     update execution_step set ${COUNTER[outcome.kind]} = ${COUNTER[outcome.kind]} + 1, updated_at = now()
     where execution_id = ? and step_id = ? and exists (select 1 from i)
     returning items_total, items_succeeded, items_failed, items_skipped, status`,
    [
      outcome.kind,
      outcome.kind === "SUCCEEDED" ? JSON.stringify(outcome.output ?? null) : null,
      outcome.kind === "SUCCEEDED" ? null : JSON.stringify(outcome.error),
      item.executionId,
      item.stepId,
      item.index,
      item.executionId,
      item.stepId,
    ],
  );
  if (!counts) {
    return; // not RUNNING any more: a duplicate delivery, or a cancelled execution's item
  }
  const playbook = playbookOf({ id: item.executionId, playbook: locked.playbook });
  const step = stepOf(playbook, item.stepId);
  const events: NewEvent[] = [];
  if (step.forEach || outcome.kind !== "SUCCEEDED") {
    events.push({
      type: outcome.kind === "SUCCEEDED" ? "ITEM_SUCCEEDED" : "ITEM_FAILED",
      stepId: item.stepId,
      itemIndex: step.forEach ? item.index : null,
      payload:
        outcome.kind === "SUCCEEDED" ? { refs: outcome.refs ?? [] } : { error: outcome.error },
    });
  }
  const finished = doneOf(counts) >= counts.items_total && counts.status === "RUNNING";
  const running = !TERMINAL.has(locked.status) && locked.status !== "PAUSED";
  if (!finished) {
    const progress = await progressIfMoved(
      tx,
      item.executionId,
      playbook.steps.length,
      counts,
      locked.progress,
    );
    if (progress !== undefined) {
      events.push({ type: "PROGRESS", payload: { progress } });
    }
    if (running) {
      await planner.queueNext(tx, item.executionId, step);
    }
    await appendEvents(tx, item.executionId, locked.workspace_id, events);
    return;
  }
  const error = stepError(counts, item.stepId, outcome);
  await tx.execute(
    `update execution_step set status = ?, error = ?, finished_at = now(), updated_at = now()
     where execution_id = ? and step_id = ?`,
    [
      error ? "FAILED" : "SUCCEEDED",
      error ? JSON.stringify(error) : null,
      item.executionId,
      item.stepId,
    ],
  );
  events.push({
    type: error ? "STEP_FAILED" : "STEP_SUCCEEDED",
    stepId: item.stepId,
    payload: error
      ? { error }
      : step.forEach || outcome.kind !== "SUCCEEDED"
        ? {}
        : { refs: outcome.refs ?? [] },
  });
  const execution = (await lockExecution(tx, item.executionId))!;
  if (error) {
    execution.error ??= error;
  }
  const progress = await progressOf(tx, item.executionId, playbook.steps.length);
  if (progress > execution.progress && progress < 100) {
    execution.progress = progress;
    events.push({ type: "PROGRESS", payload: { progress } });
  }
  await tx.flush();
  await appendEvents(tx, execution.id, execution.workspace, events);
  if (running) {
    await planner.advance(tx, execution);
  }
}

/** The new whole percentage when this item moved it (most items do not, and cost nothing). */
async function progressIfMoved(
  tx: EntityManager,
  executionId: string,
  steps: number,
  counts: StepCounts,
  current: number,
): Promise<number | undefined> {
  const share = (n: number) => Math.floor((100 * n) / Math.max(counts.items_total, 1) / steps);
  if (share(doneOf(counts)) === share(doneOf(counts) - 1)) {
    return undefined;
  }
  const progress = await progressOf(tx, executionId, steps);
  if (progress <= current || progress >= 100) {
    return undefined;
  }
  await tx.execute(`update execution set progress = ? where id = ?`, [progress, executionId]);
  return progress;
}

/** Percentage of the playbook done: finished steps count whole, running ones by their items. */
async function progressOf(tx: EntityManager, executionId: string, total: number): Promise<number> {
  let done = 0;
  for (const row of (await stepRows(tx, executionId)).values()) {
    done +=
      row.status === "RUNNING"
        ? (row.itemsSucceeded + row.itemsFailed + row.itemsSkipped) / Math.max(row.itemsTotal, 1)
        : row.status === "PENDING"
          ? 0
          : 1;
  }
  return Math.min(100, Math.floor((100 * done) / Math.max(total, 1)));
}
