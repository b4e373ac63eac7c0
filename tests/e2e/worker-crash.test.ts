import { fanOutAudience, fanOutPlaybook } from "../../testing/fan-out.js";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { ExecutionEvent } from "../../orm/entities/index.js";
import { connectWithCredentials, eventually, sandboxesOf } from "../support/connections.js";
import { contiguous, createAgent, startExecution } from "../support/executions.js";
import { makeWorkspace } from "../support/factories.js";
import { freePort, runNode, type RunningProcess } from "../../testing/processes.js";
import { startTestStack, type TestStack } from "../support/test-stack.js";

const RECIPIENTS = 30;

/**
 * Workers are separate processes here: one is killed with SIGKILL while step calls are in flight,
 * another takes over, and the execution still completes with every message sent exactly once.
 */
describe("a worker killed in the middle of a step", () => {
  let t: TestStack;
  const workers: RunningProcess[] = [];
  const worker = async (name: string) => {
    const process = runNode("dist/scripts/start-worker.js", [], {
      DATABASE_URL: t.orm.config.get("clientUrl") as string,
      GATEWAY_URL: t.stack.gatewayUrl,
      INTERNAL_JWT_SECRET: t.config.auth.internalSecret,
      JWT_SECRET: t.config.auth.jwtSecret,
      WORKER_PORT: String(await freePort()),
      WORKER_CONCURRENCY: "5",
      JOB_SUPERVISE_SECONDS: "1",
      LOG_LEVEL: "info",
      NODE_ENV: "test",
    });
    workers.push(process);
    await process.waitFor(/execution worker ready/);
    return { name, process };
  };

  beforeAll(async () => {
    t = await startTestStack({ worker: false });
  });
  afterAll(async () => {
    await Promise.all(workers.map(process => process.stop()));
    await t.stop();
  });

  it("loses nothing, sends nothing twice, and numbers its events without a gap", async () => {
    const token = await t.tokenFor((await makeWorkspace(t.orm)).id);
    const account = sandboxesOf(t).sandboxes.twilio.createAccount();
    const connectionId = await connectWithCredentials(t, token, "twilio", { ...account });
    const agentId = await createAgent(
      t,
      token,
      fanOutPlaybook({ concurrency: 5, text: "Hello", timeoutSeconds: 2 }),
    );
    // Twilio answers slowly: when the worker dies, calls are in flight (the sandbox already has them).
    sandboxesOf(t).setLatency("twilio", 300);
    const audience = fanOutAudience(RECIPIENTS, 0, "+1415");
    const first = await worker("first");
    const id = await startExecution(t, token, { agentId, inputs: { audience, connectionId } });
    const sent = () => sandboxesOf(t).sandboxes.twilio.sentMessages(account.accountSid);
    await eventually(async () => sent().length >= 3, 20_000);
    first.process.child.kill("SIGKILL");
    await first.process.exited();
    const atKill = sent().length;
    expect(atKill).toBeLessThan(RECIPIENTS);

    sandboxesOf(t).setLatency("twilio", 0);
    await worker("second");
    const status = async () =>
      (
        await t.query<{ execution: { status: string } }>(
          token,
          `query($id: ID!) { execution(id: $id) { status } }`,
          { id },
        )
      ).data?.execution.status;
    await eventually(async () => (await status()) === "SUCCEEDED", 45_000);

    const recipients = sent().map(message => message.to);
    expect(recipients).toHaveLength(RECIPIENTS);
    expect(new Set(recipients).size).toBe(RECIPIENTS);
    const events = await t.orm.em
      .fork()
      .find(ExecutionEvent, { execution: id }, { orderBy: { seq: "asc" } });
    expect(contiguous(events)).toBe(true);
    expect(events.filter(event => event.type === "ITEM_SUCCEEDED")).toHaveLength(RECIPIENTS);
  }, 90_000);
});
