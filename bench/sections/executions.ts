import { audience, createFanOutAgent, startExecution, waitForExecution } from "../support/api.js";
import type { Distributed } from "../support/distributed.js";
import { busyShare, machineCpu } from "../support/machine-cpu.js";
import type { RunningProcess } from "../../testing/processes.js";

export interface ThroughputRun {
  workers: number;
  recipients: number;
  seconds: number;
  stepsPerSecond: number;
  /** Share of the machine's CPU busy during the run (null where /proc/stat is missing). */
  machineBusy: number | null;
}

/** Steps per second of a fan-out over `recipients` against the sandboxes, with 1 and 2 workers. */
export async function measureExecutions(options: {
  stack: Distributed;
  token: string;
  connectionId: string;
  recipients: number;
  workerCounts: number[];
}): Promise<ThroughputRun[]> {
  const { stack } = options;
  const { url, proc: gateway } = await stack.gateway();
  const agentId = await createFanOutAgent(url, options.token, 50);
  const runs: ThroughputRun[] = [];
  for (const count of options.workerCounts) {
    const workers: RunningProcess[] = [];
    for (let i = 0; i < count; i += 1) {
      workers.push(await stack.worker(url, 25));
    }
    const cpuBefore = await machineCpu();
    const id = await startExecution(url, options.token, agentId, {
      audience: audience(options.recipients, 100_000 * count),
      connectionId: options.connectionId,
    });
    const done = await waitForExecution(url, options.token, id, 600_000);
    const machineBusy = busyShare(cpuBefore, await machineCpu());
    const seconds = (Date.parse(done.finishedAt!) - Date.parse(done.startedAt)) / 1000;
    runs.push({
      workers: count,
      recipients: options.recipients,
      seconds,
      stepsPerSecond: options.recipients / seconds,
      machineBusy,
    });
    process.stdout.write(
      `  ${count} worker(s): ${options.recipients} steps in ${seconds.toFixed(1)} s` +
        (machineBusy === null ? "\n" : `, machine CPU ${Math.round(machineBusy * 100)} % busy\n`),
    );
    await Promise.all(workers.map(worker => worker.stop()));
  }
  await gateway.stop();
  return runs;
}
