import type { Orm } from "../../../orm/config.js";
import type { Logger } from "../../../platform/logger.js";
import { ExecutionControl } from "./execution-control.js";
import { startExecutionWorker } from "./execution-worker.js";
import { ItemRunner } from "./item-runner.js";
import { JobQueue } from "./job-queue.js";
import { startPeriodicTasks, type PeriodicTask } from "./periodic-tasks.js";
import { StepPlanner } from "./step-planner.js";
import { createSupergraphClient } from "./supergraph-client.js";

export interface ExecutionEngineOptions {
  orm: Orm;
  databaseUrl: string;
  logger: Logger;
  /** Where steps call the supergraph (the gateway's /graphql). */
  gatewayUrl: () => string;
  internalSecret: string;
  superviseIntervalSeconds?: number;
  /** Recurring work the workers run besides steps (the composition root lists it). */
  periodic?: readonly PeriodicTask[];
}

/**
 * Durable executions: the job queue, the planner that moves executions forward, the controls the
 * GraphQL API uses, and (when this process works) the workers that run steps.
 */
export class ExecutionEngine {
  readonly planner: StepPlanner;
  readonly control: ExecutionControl;
  private working = false;

  private constructor(
    private readonly options: ExecutionEngineOptions,
    readonly queue: JobQueue,
  ) {
    this.planner = new StepPlanner(queue);
    this.control = new ExecutionControl(this.planner, queue);
  }

  static async start(options: ExecutionEngineOptions): Promise<ExecutionEngine> {
    const queue = await JobQueue.start({
      databaseUrl: options.databaseUrl,
      logger: options.logger.child({ component: "jobs" }),
      ...(options.superviseIntervalSeconds
        ? { superviseIntervalSeconds: options.superviseIntervalSeconds }
        : {}),
    });
    return new ExecutionEngine(options, queue);
  }

  /** Makes this process a worker: up to `concurrency` step calls at a time, and the periodic tasks. */
  async work(concurrency: number): Promise<void> {
    if (this.working) {
      return;
    }
    this.working = true;
    const { orm, logger } = this.options;
    const runner = new ItemRunner({
      orm,
      planner: this.planner,
      logger: logger.child({ component: "worker" }),
      call: createSupergraphClient({
        gatewayUrl: this.options.gatewayUrl,
        internalSecret: this.options.internalSecret,
      }),
    });
    await startExecutionWorker({
      orm,
      queue: this.queue,
      runner,
      control: this.control,
      planner: this.planner,
      logger,
      concurrency,
    });
    await startPeriodicTasks(this.queue, this.options.periodic ?? [], logger);
  }

  /** Resolves while the job engine reaches the database (readiness); rejects meanwhile. */
  check(): Promise<void> {
    return this.queue.check();
  }

  stop(): Promise<void> {
    return this.queue.stop();
  }
}
