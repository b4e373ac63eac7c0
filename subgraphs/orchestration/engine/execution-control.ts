import type { EntityManager } from "@mikro-orm/postgresql";
import { type Execution, ExecutionStep } from "../../../orm/entities/index.js";
import { appendEvents } from "./event-log.js";
import { lockExecution, playbookOf, stepOf, TERMINAL } from "./execution-state.js";
import type { JobQueue } from "./job-queue.js";
import type { StepPlanner } from "./step-planner.js";

export class ExecutionStateError extends Error {
  constructor(
    readonly status: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Starting, cancelling, pausing, resuming and retrying executions. Each runs in the caller's
 * transaction with the execution row locked, and records its event in the same transaction.
 */
export class ExecutionControl {
  constructor(
    private readonly planner: StepPlanner,
    private readonly queue: JobQueue,
  ) {}

  private async locked(tx: EntityManager, id: string): Promise<Execution> {
    const execution = await lockExecution(tx, id);
    if (!execution) {
      throw new ExecutionStateError("UNKNOWN", "the execution does not exist");
    }
    return execution;
  }

  /** A new PENDING execution begins now, or at its scheduled time (a job that waits for it). */
  async begin(tx: EntityManager, execution: Execution): Promise<void> {
    if (execution.scheduledAt && execution.scheduledAt.getTime() > Date.now()) {
      await this.queue.sendStart(tx, { executionId: execution.id }, execution.scheduledAt);
      return;
    }
    await this.startNow(tx, execution.id);
  }

  /** Runs a PENDING execution (also the scheduled-start job's handler). */
  async startNow(tx: EntityManager, id: string): Promise<void> {
    const execution = await this.locked(tx, id);
    if (execution.status !== "PENDING") {
      return;
    }
    execution.status = "RUNNING";
    execution.startedAt = new Date();
    await tx.flush();
    await appendEvents(tx, execution.id, execution.workspace, [
      {
        type: "EXECUTION_STARTED",
        payload: { message: `${playbookOf(execution).steps.length} step(s), ${execution.mode}` },
      },
    ]);
    await this.planner.advance(tx, execution);
  }

  async cancel(tx: EntityManager, id: string): Promise<Execution> {
    const execution = await this.locked(tx, id);
    if (TERMINAL.has(execution.status)) {
      throw new ExecutionStateError(
        execution.status,
        `the execution already ended (${execution.status})`,
      );
    }
    execution.status = "CANCELLED";
    execution.finishedAt = new Date();
    await tx.flush();
    await tx.execute(
      `update execution_item set status = 'CANCELLED', updated_at = now()
       where execution_id = ? and status in ('PENDING', 'QUEUED')`,
      [id],
    );
    await tx.execute(
      `update execution_step set status = 'CANCELLED', finished_at = now(), updated_at = now()
       where execution_id = ? and status in ('PENDING', 'RUNNING')`,
      [id],
    );
    await appendEvents(tx, id, execution.workspace, [{ type: "EXECUTION_CANCELLED" }]);
    return execution;
  }

  async pause(tx: EntityManager, id: string): Promise<Execution> {
    const execution = await this.locked(tx, id);
    if (execution.status !== "RUNNING" && execution.status !== "PENDING") {
      throw new ExecutionStateError(
        execution.status,
        `only a running execution can be paused (it is ${execution.status})`,
      );
    }
    execution.status = "PAUSED";
    await tx.flush();
    await appendEvents(tx, id, execution.workspace, [{ type: "EXECUTION_PAUSED" }]);
    return execution;
  }

  async resume(tx: EntityManager, id: string): Promise<Execution> {
    const execution = await this.locked(tx, id);
    if (execution.status !== "PAUSED") {
      throw new ExecutionStateError(
        execution.status,
        `only a paused execution can be resumed (it is ${execution.status})`,
      );
    }
    execution.status = execution.startedAt ? "RUNNING" : "PENDING";
    await tx.flush();
    await appendEvents(tx, id, execution.workspace, [{ type: "EXECUTION_RESUMED" }]);
    if (execution.status === "PENDING") {
      await this.begin(tx, execution);
      return execution;
    }
    await this.refill(tx, execution);
    await this.planner.advance(tx, execution);
    return execution;
  }

  /** Resumes a FAILED execution from its failed steps; what succeeded is kept. */
  async retry(tx: EntityManager, id: string): Promise<Execution> {
    const execution = await this.locked(tx, id);
    if (execution.status !== "FAILED") {
      throw new ExecutionStateError(
        execution.status,
        `only a failed execution can be retried (it is ${execution.status})`,
      );
    }
    const failed = await tx.find(ExecutionStep, { execution: id, status: "FAILED" });
    await tx.execute(
      `update execution_item set status = 'PENDING', attempts = 0, error = null, claimed_by = null, updated_at = now()
       where execution_id = ? and status = 'FAILED'`,
      [id],
    );
    for (const step of failed) {
      step.status = "RUNNING";
      step.itemsFailed = 0;
      step.error = null;
      step.finishedAt = null;
    }
    await tx.nativeDelete(ExecutionStep, { execution: id, status: "SKIPPED" });
    // A step that failed before it had items (a template error) starts over.
    await tx.nativeDelete(ExecutionStep, { execution: id, status: "RUNNING", itemsTotal: 0 });
    execution.status = "RUNNING";
    execution.error = null;
    execution.finishedAt = null;
    await tx.flush();
    await appendEvents(tx, id, execution.workspace, [
      {
        type: "EXECUTION_RESUMED",
        payload: { message: `retrying ${failed.length} failed step(s)` },
      },
    ]);
    await this.refill(tx, execution);
    await this.planner.advance(tx, execution);
    return execution;
  }

  private async refill(tx: EntityManager, execution: Execution) {
    const running = await tx.find(
      ExecutionStep,
      { execution: execution.id, status: "RUNNING" },
      { refresh: true },
    );
    for (const row of running) {
      await this.planner.fillWindow(tx, execution, stepOf(playbookOf(execution), row.stepId));
    }
  }
}
