import { writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { audience, createFanOutAgent, gql, startExecution } from "../support/api.js";
import type { Distributed } from "../support/distributed.js";
import { busyShare, machineCpu } from "../support/machine-cpu.js";
import { NODE, run } from "../../testing/processes.js";

export interface FanOutRun {
  subscribers: number;
  events: number;
  live: number;
  gaps: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
  /** Gateway resident memory added per subscriber, in bytes. */
  bytesPerSubscriber: number;
  /** Share of the machine's CPU busy while events flowed (null where /proc/stat is missing). */
  machineBusy: number | null;
}

/**
 * N graphql-ws subscribers (each its own socket, in a separate process) follow one execution
 * through Crosscast's gateway: latency from an event's commit to its receipt, gaps, and the
 * gateway's memory per subscriber.
 */
export async function measureFanOut(options: {
  stack: Distributed;
  dir: string;
  token: string;
  tokensFile: string;
  connectionId: string;
  counts: number[];
}): Promise<FanOutRun[]> {
  const { stack } = options;
  const { url, proc: gateway } = await stack.gateway();
  const worker = await stack.worker(url);
  const twilioLatency = (ms: number) =>
    fetch(`${stack.env.SANDBOX_URL}/__sandbox/latency`, {
      method: "POST",
      body: JSON.stringify({ provider: "twilio", ms }),
    });
  // A steady stream of events: 45 messages, two at a time, each answered in 40 ms.
  await twilioLatency(40);
  const agentId = await createFanOutAgent(url, options.token, 2);
  const runs: FanOutRun[] = [];
  for (const subscribers of options.counts) {
    const id = await startExecution(url, options.token, agentId, {
      audience: audience(45, subscribers * 10),
      connectionId: options.connectionId,
    });
    await gql(url, options.token, `mutation($id: ID!) { pauseExecution(id: $id) { status } }`, {
      id,
    });
    const before = await gateway.rss();
    const spec = join(options.dir, `subscribers-${subscribers}.json`);
    await writeFile(
      spec,
      JSON.stringify({
        url: url.replace(/^http/, "ws"),
        tokensFile: options.tokensFile,
        executionId: id,
        subscribers,
      }),
    );
    const load = run(NODE, [resolve("dist/bench/load/subscribers.js"), spec], {});
    await load.waitFor(/READY/, 180_000);
    const after = await gateway.rss();
    const cpuBefore = await machineCpu();
    await gql(url, options.token, `mutation($id: ID!) { resumeExecution(id: $id) { status } }`, {
      id,
    });
    const [line] = await load.waitFor(/\{.*"subscribers".*\}/, 300_000);
    const machineBusy = busyShare(cpuBefore, await machineCpu());
    await load.stop();
    const report = JSON.parse(line) as Omit<FanOutRun, "bytesPerSubscriber" | "machineBusy">;
    runs.push({
      ...report,
      bytesPerSubscriber: Math.max(0, (after - before) / subscribers),
      machineBusy,
    });
    process.stdout.write(
      `  ${subscribers} subscribers: p50 ${report.p50Ms} ms, p99 ${report.p99Ms} ms, gaps ${report.gaps}` +
        (machineBusy === null ? "\n" : `, machine CPU ${Math.round(machineBusy * 100)} % busy\n`),
    );
  }
  await twilioLatency(0);
  await worker.stop();
  await gateway.stop();
  return runs;
}
