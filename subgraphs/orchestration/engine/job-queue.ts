import type { EntityManager } from "@mikro-orm/postgresql";
import { fromKysely, PgBoss, type Job, type KyselyTransactionLike } from "pg-boss";
import { createBackoff, retryWhile } from "../../../platform/backoff.js";
import type { Logger } from "../../../platform/logger.js";
import { createRepeatFilter } from "../../../platform/repeat-filter.js";
import { runWithRequestId } from "../../../platform/request-scope.js";

/**
 * The durable job engine under executions: pg-boss over the same PostgreSQL. Jobs are sent in
 * the caller's transaction (through MikroORM's Kysely transaction), so a state change and the
 * work it schedules commit together or not at all.
 *
 * pg-boss rides out a database restart by itself: its pool drops dead connections, its workers
 * and supervisor log a failed pass (the 'error' event) and try again, and its LISTEN connection
 * comes back with backoff. What it cannot do is settle a job while the database is away: a
 * handler that failed then would leave its job active until it expires. So a failed handler
 * first waits (with backoff, within the job's expiry) for the database to answer, and its job is
 * then failed and retried at once.
 */
export const QUEUES = {
  /** One call of a step: a step, or one item of a fan-out. */
  item: "execution-item",
  /** A scheduled start. */
  start: "execution-start",
  /** Items whose job pg-boss gave up on (workers lost again and again). */
  lost: "execution-item-lost",
} as const;

export interface ItemJob {
  executionId: string;
  stepId: string;
  index: number;
}

export interface StartJob {
  executionId: string;
}

export interface JobQueueOptions {
  databaseUrl: string;
  logger: Logger;
  /** How often lost jobs (expired, their worker gone) are noticed; pg-boss's supervisor. */
  superviseIntervalSeconds?: number;
  poolSize?: number;
}

/** Extra attempts beyond a step's own retries, for workers that die mid-job. */
const CRASH_ALLOWANCE = 3;

const reachBackoff = createBackoff({ baseMs: 250, maxMs: 5_000 });

/** What makes two job engine errors alike: the same failure, whichever queue and worker saw it. */
function errorKind(error: unknown): string {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return `${String(code ?? "")}:${String(message ?? error).replace(/ \(Queue: .*\)$/, "")}`;
}

export class JobQueue {
  private constructor(
    readonly boss: PgBoss,
    private readonly logger: Logger,
  ) {}

  static async start(options: JobQueueOptions): Promise<JobQueue> {
    const boss = new PgBoss({
      connectionString: options.databaseUrl,
      schema: "pgboss",
      max: options.poolSize ?? 5,
      // Jobs whose worker died are expired (and retried) by the monitor pass: run it this often.
      superviseIntervalSeconds: options.superviseIntervalSeconds ?? 5,
      monitorIntervalSeconds: options.superviseIntervalSeconds ?? 5,
      // Workers wake on NOTIFY when a job is sent; polling remains only as the fallback.
      useListenNotify: true,
    });
    // Every pass pg-boss could not run (the database away, a query refused) arrives here, never
    // as an unhandled rejection; pg-boss goes on trying by itself. Each worker loop reports the
    // same outage every poll: like errors are logged once per 30 s, with a count.
    const repeats = createRepeatFilter(30_000);
    boss.on("error", error => {
      const { log, skipped } = repeats(errorKind(error));
      if (log) {
        options.logger.error(
          { err: error, ...(skipped ? { repeated: skipped } : {}) },
          "job engine error",
        );
      }
    });
    boss.on("warning", warning => options.logger.warn({ warning }, "job engine warning"));
    await boss.start();
    await boss.createQueue(QUEUES.lost, { notify: true });
    await boss.createQueue(QUEUES.item, { notify: true, deadLetter: QUEUES.lost });
    await boss.createQueue(QUEUES.start, { notify: true });
    return new JobQueue(boss, options.logger);
  }

  /** Resolves when the job engine's own pool reaches the database (readiness). */
  async check(): Promise<void> {
    await this.boss.getDb().executeSql("select 1");
  }

  /** Waits until the database answers, or `signal` aborts; true when it answered. */
  private async reachable(signal: AbortSignal): Promise<boolean> {
    const answered = await retryWhile(
      async () => {
        await this.check();
        return true;
      },
      { wanted: () => !signal.aborted, backoff: reachBackoff, signal },
    );
    return answered === true;
  }

  private db(em: EntityManager) {
    const trx = em.getTransactionContext<KyselyTransactionLike>();
    if (!trx) {
      throw new Error("jobs are sent inside a transaction");
    }
    return fromKysely(trx);
  }

  /** Sends item jobs in `em`'s transaction. */
  async sendItems(
    em: EntityManager,
    jobs: ItemJob[],
    policy: { timeoutSeconds: number; maxAttempts: number; backoffSeconds: number },
    startAfter?: Date,
  ): Promise<void> {
    if (!jobs.length) {
      return;
    }
    await this.boss.insert(
      QUEUES.item,
      jobs.map(data => ({
        data,
        retryLimit: policy.maxAttempts - 1 + CRASH_ALLOWANCE,
        retryDelay: policy.backoffSeconds,
        retryBackoff: policy.backoffSeconds > 0,
        // A job whose worker died is retried once this has passed (the call's own timeout, plus
        // time to record its result).
        expireInSeconds: policy.timeoutSeconds + 5,
        ...(startAfter ? { startAfter } : {}),
      })),
      { db: this.db(em) },
    );
  }

  /** Schedules an execution's start, in `em`'s transaction. */
  async sendStart(em: EntityManager, job: StartJob, at: Date): Promise<void> {
    await this.boss.send(QUEUES.start, job, { startAfter: at, db: this.db(em) });
  }

  /**
   * Runs `handler` for each job of `queue`, in a request scope named by `requestIdOf` (logged
   * with anything that escapes it). A job whose handler failed is settled once the database
   * answers again (see the class comment).
   */
  async work<T extends object>(
    queue: string,
    options: { concurrency: number; pollingSeconds?: number; requestIdOf?: (data: T) => string },
    handler: (job: Job<T>) => Promise<void>,
  ): Promise<void> {
    await this.boss.work<T>(
      queue,
      {
        localConcurrency: options.concurrency,
        batchSize: 1,
        pollingIntervalSeconds: options.pollingSeconds ?? 2,
        // NOTIFY wakes workers when jobs are sent; this polling is only the backstop.
        notifyPollingIntervalSeconds: options.pollingSeconds ?? 10,
      },
      async jobs => {
        for (const job of jobs) {
          const requestId = options.requestIdOf?.(job.data) ?? `job-${job.id}`;
          await runWithRequestId(requestId, async () => {
            try {
              await handler(job);
            } catch (error) {
              if (!(await this.reachable(job.signal))) {
                this.logger.warn({ err: error, jobId: job.id }, "job failed; database unreachable");
              }
              throw error;
            }
          });
        }
      },
    );
  }

  async stop(): Promise<void> {
    await this.boss.stop({ graceful: true, timeout: 5_000 });
    this.logger.debug("job engine stopped");
  }
}
