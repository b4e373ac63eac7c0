import type { EntityManager } from "@mikro-orm/postgresql";
import type { Orm } from "../../../orm/config.js";
import type { Logger } from "../../../platform/logger.js";
import type { ExecutionControl } from "./execution-control.js";
import { completeItem } from "./item-completion.js";
import type { ItemRunner } from "./item-runner.js";
import { QUEUES, type ItemJob, type JobQueue, type StartJob } from "./job-queue.js";
import type { StepPlanner } from "./step-planner.js";

/**
 * Registers the execution handlers with the job engine: item calls (`concurrency` at a time in
 * this process), scheduled starts, and items whose jobs were lost past every retry.
 */
export async function startExecutionWorker(options: {
  orm: Orm;
  queue: JobQueue;
  runner: ItemRunner;
  control: ExecutionControl;
  planner: StepPlanner;
  logger: Logger;
  concurrency: number;
}): Promise<void> {
  const { orm, queue, logger } = options;
  // Jobs run in a request scope named as the step's supergraph call is (see item-runner.ts), for
  // the logs of anything that escapes them.
  const itemRequestId = (item: ItemJob) => `exec-${item.executionId}-${item.stepId}-${item.index}`;
  const startRequestId = (start: StartJob) => `exec-${start.executionId}-start`;
  // Retries wait out a delay (startAfter), which no NOTIFY announces: poll every second.
  await queue.work<ItemJob>(
    QUEUES.item,
    { concurrency: options.concurrency, pollingSeconds: 1, requestIdOf: itemRequestId },
    job => options.runner.run(job.data, job.id),
  );
  // Scheduled starts become due without a NOTIFY: this queue is polled every second.
  const startOptions = { concurrency: 1, pollingSeconds: 1, requestIdOf: startRequestId };
  await queue.work<StartJob>(QUEUES.start, startOptions, job =>
    orm.em
      .fork()
      .transactional(tx => options.control.startNow(tx as EntityManager, job.data.executionId)),
  );
  const lostOptions = { concurrency: 1, requestIdOf: itemRequestId };
  await queue.work<ItemJob>(QUEUES.lost, lostOptions, async job => {
    logger.error({ ...job.data }, "an item's job was lost after every retry");
    await orm.em.fork().transactional(async tx => {
      await (tx as EntityManager).execute(
        `update execution_item set status = 'RUNNING' where execution_id = ? and step_id = ? and index = ? and status = 'QUEUED'`,
        [job.data.executionId, job.data.stepId, job.data.index],
      );
      await completeItem(tx as EntityManager, options.planner, job.data, {
        kind: "FAILED",
        error: {
          code: "WORKER_LOST",
          message: "the step's worker stopped before finishing, too many times",
        },
      });
    });
  });
}
