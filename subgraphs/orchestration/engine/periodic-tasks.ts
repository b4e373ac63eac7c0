import type { Logger } from "../../../platform/logger.js";
import type { JobQueue } from "./job-queue.js";

/**
 * Work that recurs on a schedule (a sweep), run by the workers through the job engine. The
 * engine knows nothing of what a task does: the composition root lists the tasks.
 */
export interface PeriodicTask {
  /** The task's queue, which is also its schedule's name. */
  queue: string;
  /** A cron expression, in UTC; pg-boss fires schedules at minute resolution. */
  cron: string;
  /** One bounded batch; true when there is more to do at once (another run is queued). */
  run(): Promise<boolean>;
}

/**
 * Schedules each task with pg-boss and works its queue in this process. The queues are
 * `stately` (at most one run queued and one active), so runs never overlap nor pile up while
 * the workers are away, and every worker may declare the same schedule. A run that failed is
 * retried by pg-boss; the next scheduled one comes anyway.
 */
export async function startPeriodicTasks(
  queue: JobQueue,
  tasks: readonly PeriodicTask[],
  logger: Logger,
): Promise<void> {
  for (const task of tasks) {
    await queue.boss.createQueue(task.queue, {
      policy: "stately",
      notify: true,
      retryLimit: 2,
      expireInSeconds: 15 * 60,
    });
    await queue.boss.schedule(task.queue, task.cron);
    await queue.work(task.queue, { concurrency: 1, pollingSeconds: 30 }, async () => {
      if (await task.run()) {
        await runPeriodicTaskNow(queue, task);
      }
    });
    logger.debug({ queue: task.queue, cron: task.cron }, "periodic task scheduled");
  }
}

/** Queues a run of `task` now, besides its schedule (a full batch, an operator, a test). */
export async function runPeriodicTaskNow(
  queue: JobQueue,
  task: Pick<PeriodicTask, "queue">,
): Promise<void> {
  await queue.boss.send(task.queue, {});
}
