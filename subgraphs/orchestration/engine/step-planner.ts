import type { EntityManager } from "@mikro-orm/postgresql";
import { type Execution, ExecutionItem, ExecutionStep } from "../../../orm/entities/index.js";
import { uuidv7 } from "../../../orm/uuid.js";
import { readySteps } from "../playbook/dag.js";
import { PlaybookError } from "../playbook/playbook.errors.js";
import type { JsonValue, PlaybookStep } from "../playbook/playbook.types.js";
import { renderForEach } from "../playbook/template.js";
import { appendEvents, type NewEvent } from "./event-log.js";
import { playbookOf, stepRows } from "./execution-state.js";
import type { JobQueue } from "./job-queue.js";
import { scopeFor } from "./template-scope.js";

const INSERT_CHUNK = 500;

/**
 * Moves an execution forward inside the caller's transaction (the execution row is locked):
 * starts every step whose dependencies succeeded, hands out item slots up to each step's
 * concurrency, and when nothing is left to run, finishes the execution.
 */
export class StepPlanner {
  constructor(private readonly queue: JobQueue) {}

  private policy(step: PlaybookStep) {
    return {
      timeoutSeconds: step.timeoutSeconds,
      maxAttempts: step.retry.maxAttempts,
      backoffSeconds: step.retry.backoffSeconds,
    };
  }

  /** Sends the job of one QUEUED item (a retry), optionally not before `startAfter`. */
  async queueItem(
    tx: EntityManager,
    execution: Execution,
    step: PlaybookStep,
    index: number,
    startAfter?: Date,
  ) {
    await this.queue.sendItems(
      tx,
      [{ executionId: execution.id, stepId: step.id, index }],
      this.policy(step),
      startAfter,
    );
  }

  /** Hands the slot an item just freed to the next PENDING item of the step, if any. */
  async queueNext(tx: EntityManager, executionId: string, step: PlaybookStep) {
    const rows = await tx.execute<Array<{ index: number }>>(
      `update execution_item set status = 'QUEUED', claimed_by = null, updated_at = now()
       where id = (select id from execution_item where execution_id = ? and step_id = ? and status = 'PENDING'
                   order by index limit 1 for update skip locked)
       returning index`,
      [executionId, step.id],
    );
    await this.queue.sendItems(
      tx,
      rows.map(row => ({ executionId, stepId: step.id, index: Number(row.index) })),
      this.policy(step),
    );
  }

  /** Gives PENDING items of a running step a slot, up to its concurrency. */
  async fillWindow(tx: EntityManager, execution: Execution, step: PlaybookStep) {
    const active = await tx.count(ExecutionItem, {
      execution: execution.id,
      stepId: step.id,
      status: { $in: ["QUEUED", "RUNNING"] },
    });
    const free = step.concurrency - active;
    if (free <= 0) {
      return;
    }
    const rows = await tx.execute<Array<{ index: number }>>(
      `update execution_item set status = 'QUEUED', claimed_by = null, updated_at = now()
       where id in (select id from execution_item where execution_id = ? and step_id = ? and status = 'PENDING'
                    order by index limit ? for update skip locked)
       returning index`,
      [execution.id, step.id, free],
    );
    await this.queue.sendItems(
      tx,
      rows.map(row => ({ executionId: execution.id, stepId: step.id, index: Number(row.index) })),
      this.policy(step),
    );
  }

  private async createStep(
    tx: EntityManager,
    execution: Execution,
    step: PlaybookStep,
  ): Promise<boolean> {
    let items: JsonValue[];
    try {
      items = step.forEach
        ? renderForEach(
            step.forEach,
            await scopeFor(tx, execution, playbookOf(execution), step.id, step.forEach),
            { stepId: step.id, field: "forEach" },
          )
        : [null];
    } catch (error) {
      if (!(error instanceof PlaybookError)) {
        throw error;
      }
      const failure = { code: "TEMPLATE_ERROR", message: error.message, stepId: step.id };
      tx.create(ExecutionStep, {
        workspace: execution.workspace,
        execution: execution.id,
        stepId: step.id,
        status: "FAILED",
        error: failure,
        startedAt: new Date(),
        finishedAt: new Date(),
      } as never);
      execution.error ??= failure;
      await tx.flush();
      await appendEvents(tx, execution.id, execution.workspace, [
        { type: "STEP_FAILED", stepId: step.id, payload: { error: failure } },
      ]);
      return false;
    }
    const done = items.length === 0;
    tx.create(ExecutionStep, {
      workspace: execution.workspace,
      execution: execution.id,
      stepId: step.id,
      status: done ? "SUCCEEDED" : "RUNNING",
      itemsTotal: items.length,
      startedAt: new Date(),
      ...(done ? { finishedAt: new Date() } : {}),
    } as never);
    await tx.flush();
    const events: NewEvent[] = [
      { type: "STEP_STARTED", stepId: step.id, payload: { message: `${items.length} item(s)` } },
    ];
    if (done) {
      events.push({
        type: "STEP_SUCCEEDED",
        stepId: step.id,
        payload: { message: "nothing to do" },
      });
    }
    await appendEvents(tx, execution.id, execution.workspace, events);
    for (let start = 0; start < items.length; start += INSERT_CHUNK) {
      const chunk = items.slice(start, start + INSERT_CHUNK);
      await tx.execute(
        `insert into execution_item (id, created_at, updated_at, execution_id, step_id, index, status, item)
         values ${chunk.map(() => "(?, now(), now(), ?, ?, ?, 'PENDING', ?)").join(", ")}`,
        chunk.flatMap((item, offset) => [
          uuidv7(),
          execution.id,
          step.id,
          start + offset,
          step.forEach ? JSON.stringify(item) : null,
        ]),
      );
    }
    if (!done) {
      await this.fillWindow(tx, execution, step);
    }
    return done;
  }

  /** Starts what is ready; finishes the execution when nothing runs and nothing can start. */
  async advance(tx: EntityManager, execution: Execution): Promise<void> {
    const playbook = playbookOf(execution);
    for (;;) {
      if (execution.status !== "RUNNING") {
        return;
      }
      const steps = await stepRows(tx, execution.id);
      const statuses = Object.fromEntries([...steps].map(([id, row]) => [id, row.status]));
      const ready = execution.error ? [] : readySteps(playbook, statuses);
      let startedAny = false;
      let finishedAny = false;
      for (const step of ready) {
        startedAny = true;
        finishedAny = (await this.createStep(tx, execution, step)) || finishedAny;
      }
      if (startedAny && !finishedAny) {
        return;
      }
      if (startedAny) {
        continue; // an empty fan-out finished at once: its dependants may be ready now
      }
      if ([...steps.values()].some(row => row.status === "RUNNING")) {
        return;
      }
      await this.finish(tx, execution, steps);
      return;
    }
  }

  private async finish(tx: EntityManager, execution: Execution, steps: Map<string, ExecutionStep>) {
    const skipped = playbookOf(execution).steps.filter(step => !steps.has(step.id));
    for (const step of skipped) {
      tx.create(ExecutionStep, {
        workspace: execution.workspace,
        execution: execution.id,
        stepId: step.id,
        status: "SKIPPED",
        finishedAt: new Date(),
      } as never);
    }
    const failed = !!execution.error;
    execution.status = failed ? "FAILED" : "SUCCEEDED";
    execution.finishedAt = new Date();
    if (!failed) {
      execution.progress = 100;
    }
    await tx.flush();
    await appendEvents(tx, execution.id, execution.workspace, [
      ...skipped.map(step => ({ type: "STEP_SKIPPED" as const, stepId: step.id })),
      failed
        ? {
            type: "EXECUTION_FAILED",
            stepId: execution.error!.stepId ?? null,
            payload: { error: execution.error! },
          }
        : { type: "EXECUTION_SUCCEEDED", payload: { progress: 100 } },
    ]);
  }
}
