import type { EntityManager } from "@mikro-orm/postgresql";
import { fromKysely, PgBoss, type Job, type KyselyTransactionLike } from "pg-boss";
import type { Logger } from "../../../platform/logger.js";

/**
 * The durable job engine under executions: pg-boss over the same PostgreSQL. Jobs are sent in
 * the caller's transaction (through MikroORM's Kysely transaction), so a state change and the
 * work it schedules commit together or not at all.
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
    boss.on("error", error => options.logger.error({ err: error }, "job engine error"));
    await boss.start();
    await boss.createQueue(QUEUES.lost, { notify: true });
    await boss.createQueue(QUEUES.item, { notify: true, deadLetter: QUEUES.lost });
    await boss.createQueue(QUEUES.start, { notify: true });
    return new JobQueue(boss, options.logger);
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

  async work<T extends object>(
    queue: string,
    options: { concurrency: number; pollingSeconds?: number },
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
          await handler(job);
        }
      },
    );
  }

  async stop(): Promise<void> {
    await this.boss.stop({ graceful: true, timeout: 5_000 });
    this.logger.debug("job engine stopped");
  }
}
