import type { EntityManager } from "@mikro-orm/postgresql";
import type { ExecutionError } from "../../../orm/entities/execution.entity.js";
import { Execution } from "../../../orm/entities/index.js";
import type { Orm } from "../../../orm/config.js";
import type { Logger } from "../../../platform/logger.js";
import { PlaybookError } from "../playbook/playbook.errors.js";
import type { JsonValue } from "../playbook/playbook.types.js";
import { renderValue } from "../playbook/template.js";
import { appendEvents } from "./event-log.js";
import {
  idempotencyKeyFor,
  lockExecution,
  playbookOf,
  stepOf,
  TERMINAL,
} from "./execution-state.js";
import { completeItem, type ItemOutcome } from "./item-completion.js";
import type { ItemJob } from "./job-queue.js";
import { entityRefs, withTypenames } from "./output-refs.js";
import type { StepPlanner } from "./step-planner.js";
import type { CallSupergraph, SupergraphResult } from "./supergraph-client.js";
import { scopeFor } from "./template-scope.js";

/** Failures worth another attempt: the call may succeed later, and replaying it is safe. */
const RETRYABLE = new Set(["RATE_LIMITED", "UNAVAILABLE", "TIMEOUT", "INTERNAL_SERVER_ERROR"]);

type Classified = ItemOutcome | { kind: "RETRY"; error: ExecutionError; afterMs?: number };

function classify(result: SupergraphResult): Classified {
  if (result.transport) {
    return { kind: "RETRY", error: result.transport };
  }
  const first = result.errors?.[0];
  if (!first) {
    return { kind: "SUCCEEDED", output: result.data ?? null, refs: entityRefs(result.data) };
  }
  const code =
    typeof first.extensions?.code === "string" ? first.extensions.code : "INTERNAL_SERVER_ERROR";
  const error = { code, message: first.message };
  if (code === "RECIPIENT_SUPPRESSED") {
    return { kind: "SKIPPED", error };
  }
  if (RETRYABLE.has(code)) {
    const wait = Number(first.extensions?.retryAfterMs);
    return {
      kind: "RETRY",
      error,
      ...(Number.isFinite(wait) && wait > 0 ? { afterMs: wait } : {}),
    };
  }
  return { kind: "FAILED", error };
}

/**
 * Runs one item job: claims the item (only its own job may resume a RUNNING item, after a crash),
 * renders the step's variables, calls the supergraph with the item's idempotency key, and records
 * the result. Retryable failures go back in the queue with the step's backoff (or the provider's
 * announced wait) until the step's attempts are used up.
 */
export class ItemRunner {
  constructor(
    private readonly deps: { orm: Orm; planner: StepPlanner; call: CallSupergraph; logger: Logger },
  ) {}

  async run(job: ItemJob, jobId: string): Promise<void> {
    const em = this.deps.orm.em.fork() as EntityManager;
    // Without its inputs: the step's templates read the few they name (see template-scope.ts).
    const execution = await em.findOne(Execution, { id: job.executionId }, { exclude: ["inputs"] });
    if (!execution || TERMINAL.has(execution.status)) {
      return;
    }
    if (execution.status === "PAUSED") {
      await em.execute(
        `update execution_item set status = 'PENDING', updated_at = now()
         where execution_id = ? and step_id = ? and index = ? and status = 'QUEUED'`,
        [job.executionId, job.stepId, job.index],
      );
      return;
    }
    const claimed = await em.execute<Array<{ attempts: number; item: unknown }>>(
      `update execution_item set status = 'RUNNING', attempts = attempts + 1, claimed_by = ?, updated_at = now()
       where execution_id = ? and step_id = ? and index = ?
         and (status = 'QUEUED' or (status = 'RUNNING' and claimed_by = ?))
       returning attempts, item`,
      [jobId, job.executionId, job.stepId, job.index, jobId],
    );
    const claim = claimed[0];
    if (!claim) {
      return; // a duplicate or stale job: the item is someone else's, or done
    }
    const step = stepOf(playbookOf(execution), job.stepId);
    const outcome = await this.attempt(em, execution, job, claim.item as JsonValue);
    if (outcome.kind === "RETRY" && claim.attempts < step.retry.maxAttempts) {
      await this.retryLater(
        job,
        outcome.error,
        claim.attempts,
        outcome.afterMs ?? step.retry.backoffSeconds * 1000,
      );
      return;
    }
    const final: ItemOutcome =
      outcome.kind === "RETRY" ? { kind: "FAILED", error: outcome.error } : outcome;
    await this.deps.orm.em
      .fork()
      .transactional(tx => completeItem(tx as EntityManager, this.deps.planner, job, final));
  }

  private async attempt(
    em: EntityManager,
    execution: Pick<Execution, "id" | "workspace" | "mode" | "playbook">,
    job: ItemJob,
    item: JsonValue,
  ): Promise<Classified> {
    const playbook = playbookOf(execution);
    const step = stepOf(playbook, job.stepId);
    let variables: JsonValue;
    try {
      const scope = await scopeFor(em, execution, playbook, step.id, step.variables);
      variables = renderValue(step.variables, {
        ...scope,
        ...(step.forEach ? { item, itemIndex: job.index } : {}),
        idempotencyKey: idempotencyKeyFor(execution.id, step.id, job.index),
      });
    } catch (error) {
      if (error instanceof PlaybookError) {
        return { kind: "FAILED", error: { code: "TEMPLATE_ERROR", message: error.message } };
      }
      throw error;
    }
    const result = await this.deps.call({
      query: withTypenames(step.operation),
      variables,
      workspaceId: execution.workspace,
      executionId: execution.id,
      dryRun: execution.mode === "DRY_RUN",
      timeoutMs: step.timeoutSeconds * 1000,
      requestId: `exec-${execution.id}-${step.id}-${job.index}`,
    });
    return classify(result);
  }

  private async retryLater(job: ItemJob, error: ExecutionError, attempt: number, afterMs: number) {
    await this.deps.orm.em.fork().transactional(async txEm => {
      const tx = txEm as EntityManager;
      const execution = await lockExecution(tx, job.executionId);
      if (!execution || TERMINAL.has(execution.status)) {
        return;
      }
      const released = await tx.execute<Array<{ id: string }>>(
        `update execution_item set status = 'QUEUED', claimed_by = null, updated_at = now()
         where execution_id = ? and step_id = ? and index = ? and status = 'RUNNING' returning id`,
        [job.executionId, job.stepId, job.index],
      );
      if (!released.length) {
        return;
      }
      const step = stepOf(playbookOf(execution), job.stepId);
      await appendEvents(tx, execution.id, execution.workspace, [
        {
          type: "STEP_RETRYING",
          stepId: job.stepId,
          itemIndex: step.forEach ? job.index : null,
          payload: { attempt, error: { code: error.code, message: error.message } },
        },
      ]);
      await this.deps.planner.queueItem(
        tx,
        execution,
        step,
        job.index,
        new Date(Date.now() + afterMs),
      );
    });
    this.deps.logger.info({ ...job, attempt, code: error.code }, "step call will be retried");
  }
}
