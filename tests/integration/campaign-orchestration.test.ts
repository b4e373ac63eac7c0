import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { Client } from "graphql-ws";
import { connectWithCredentials, eventually, sandboxesOf } from "../support/connections.js";
import { contiguous, startExecution, watchExecution, wsClient } from "../support/executions.js";
import { makeWorkspace } from "../support/factories.js";
import { startTestStack, type TestStack } from "../support/test-stack.js";

/** A three-step DAG: read the campaign, fan out an SMS over its audience, then report. */
function campaignPlaybook(concurrency = 10) {
  return {
    inputs: {
      campaignId: { type: "ID", required: true },
      audience: { type: "[Recipient]", required: true },
      connectionId: { type: "ID", required: true },
    },
    steps: [
      {
        id: "prepare",
        operation: `query Prepare($id: ID!) { campaign(id: $id) { id name audienceSize } }`,
        variables: { id: "{{ inputs.campaignId }}" },
      },
      {
        id: "send",
        dependsOn: ["prepare"],
        forEach: "{{ inputs.audience }}",
        concurrency,
        retry: { maxAttempts: 2, backoffSeconds: 0 },
        operation: `mutation Send($input: SendMessageInput!) { sendMessage(input: $input) { id status } }`,
        variables: {
          input: {
            connectionId: "{{ inputs.connectionId }}",
            campaignId: "{{ inputs.campaignId }}",
            to: "{{ item.to }}",
            text: "Hi {{ item.name }}: {{ steps.prepare.output.campaign.name }} starts today",
            idempotencyKey: "{{ idempotencyKey }}",
          },
        },
      },
      {
        id: "report",
        dependsOn: ["send"],
        operation: `query Report($id: ID!) { campaign(id: $id) { messageCount } }`,
        variables: { id: "{{ inputs.campaignId }}" },
      },
    ],
  };
}

const audience = (count: number, offset = 0) =>
  Array.from({ length: count }, (_, index) => ({
    to: `+1415556${String(offset + index).padStart(4, "0")}`,
    name: `Guest ${offset + index}`,
  }));

// The seed's "campaign orchestration": a three-step DAG with a fan-out over 100 recipients.
describe("campaign orchestration", () => {
  let t: TestStack;
  let token: string;
  let client: Client;
  let connectionId: string;
  let accountSid: string;

  const createCampaign = async (recipients: Array<Record<string, string>>, playbook: unknown) => {
    const result = await t.query<{ createCampaign: { id: string } }>(
      token,
      `mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }`,
      {
        input: {
          name: "Launch week",
          objective: "SALES",
          budget: { amountMicros: 0, currency: "USD" },
          audience: recipients,
          playbook,
        },
      },
    );
    if (!result.data) {
      throw new Error(JSON.stringify(result.errors));
    }
    return result.data.createCampaign.id;
  };
  const sentTo = () =>
    sandboxesOf(t)
      .sandboxes.twilio.sentMessages(accountSid)
      .map(message => message.to);

  beforeAll(async () => {
    // One attempt per provider call: a fault fails a step call at once (no backoff to wait out).
    t = await startTestStack({ env: { PROVIDER_MAX_ATTEMPTS: "1" } });
    token = await t.tokenFor((await makeWorkspace(t.orm)).id);
    const account = sandboxesOf(t).sandboxes.twilio.createAccount();
    accountSid = account.accountSid;
    connectionId = await connectWithCredentials(t, token, "twilio", { ...account });
    client = wsClient(t, token);
  });
  afterAll(async () => {
    await client.dispose();
    await t.stop();
  });

  it("runs the DAG, fanning out over 100 recipients, each sent exactly once", async () => {
    const campaignId = await createCampaign(audience(100), campaignPlaybook(10));
    const id = await startExecution(t, token, { campaignId, inputs: { connectionId } });

    // A dashboard that drops after seq 5 and resubscribes from there misses nothing.
    const first = watchExecution(client, id);
    while (first.events.length < 5) {
      await new Promise(resolve => setTimeout(resolve, 5));
    }
    first.stop();
    const seen = first.events.slice(0, 5);
    const rest = watchExecution(client, id, 5);
    await rest.done;
    const events = [...seen, ...rest.events];
    expect(rest.errors).toEqual([]);
    expect(contiguous(events)).toBe(true);
    expect(events.at(-1)!.type).toBe("EXECUTION_SUCCEEDED");
    expect(events.filter(event => event.type === "ITEM_SUCCEEDED")).toHaveLength(100);
    const progress = events
      .filter(event => event.type === "PROGRESS")
      .map(event => event.progress!);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));

    const sent = sentTo();
    expect(sent).toHaveLength(100);
    expect(new Set(sent).size).toBe(100);
    const result = await t.query<{
      execution: {
        status: string;
        steps: Array<{ stepId: string; status: string; itemsSucceeded: number }>;
      };
      campaign: { messageCount: number };
    }>(
      token,
      `query($id: ID!, $c: ID!) {
        execution(id: $id) { status steps { stepId status itemsSucceeded } }
        campaign(id: $c) { messageCount }
      }`,
      { id, c: campaignId },
    );
    expect(result.data!.execution.status).toBe("SUCCEEDED");
    expect(result.data!.execution.steps).toEqual([
      { stepId: "prepare", status: "SUCCEEDED", itemsSucceeded: 1 },
      { stepId: "send", status: "SUCCEEDED", itemsSucceeded: 100 },
      { stepId: "report", status: "SUCCEEDED", itemsSucceeded: 1 },
    ]);
    expect(result.data!.campaign.messageCount).toBe(100);
  });

  it("a cancelled execution runs no further step", async () => {
    const before = sentTo().length;
    const campaignId = await createCampaign(audience(40, 200), campaignPlaybook(1));
    sandboxesOf(t).setLatency("twilio", 50);
    const id = await startExecution(t, token, { campaignId, inputs: { connectionId } });
    const watched = watchExecution(client, id);
    while (!watched.events.some(event => event.type === "ITEM_SUCCEEDED")) {
      await new Promise(resolve => setTimeout(resolve, 5));
    }
    const cancelled = await t.query<{ cancelExecution: { status: string } }>(
      token,
      `mutation($id: ID!) { cancelExecution(id: $id) { status } }`,
      { id },
    );
    expect(cancelled.data!.cancelExecution.status).toBe("CANCELLED");
    await watched.done;
    const atCancel = sentTo().length;
    await new Promise(resolve => setTimeout(resolve, 300));
    sandboxesOf(t).setLatency("twilio", 0);
    expect(sentTo().length).toBe(atCancel);
    expect(atCancel - before).toBeLessThan(40);
    expect(watched.events.at(-1)!.type).toBe("EXECUTION_CANCELLED");
    expect(watched.events.some(event => event.stepId === "report")).toBe(false);
  });

  it("pauses after the calls in flight, and resumes to the end", async () => {
    const campaignId = await createCampaign(audience(20, 300), campaignPlaybook(2));
    sandboxesOf(t).setLatency("twilio", 30);
    const id = await startExecution(t, token, { campaignId, inputs: { connectionId } });
    const watched = watchExecution(client, id);
    while (!watched.events.some(event => event.type === "ITEM_SUCCEEDED")) {
      await new Promise(resolve => setTimeout(resolve, 5));
    }
    await t.query(token, `mutation($id: ID!) { pauseExecution(id: $id) { status } }`, { id });
    // Settled: the calls in flight have ended, and the subscriber has every event written so far.
    const settled = async () => {
      const [row] = await t.orm.em
        .fork()
        .getConnection()
        .execute<Array<{ running: string; events: string }>>(
          `select (select count(*) from execution_item where execution_id = ? and status = 'RUNNING') as running,
                  (select count(*) from execution_event where execution_id = ?) as events`,
          [id, id],
        );
      return Number(row!.running) === 0 && Number(row!.events) === watched.events.length;
    };
    await eventually(settled, 30_000);
    const whilePaused = watched.events.length;
    await new Promise(resolve => setTimeout(resolve, 300));
    expect(watched.events.length).toBe(whilePaused);
    sandboxesOf(t).setLatency("twilio", 0);
    await t.query(token, `mutation($id: ID!) { resumeExecution(id: $id) { status } }`, { id });
    await watched.done;
    expect(watched.events.at(-1)!.type).toBe("EXECUTION_SUCCEEDED");
    expect(watched.events.filter(event => event.type === "ITEM_SUCCEEDED")).toHaveLength(20);
    expect(contiguous(watched.events)).toBe(true);
  });

  it("fails with the failing step and a typed error, then retries from the failed items only", async () => {
    const before = sentTo().length;
    const campaignId = await createCampaign(audience(5, 400), campaignPlaybook(5));
    sandboxesOf(t).inject(
      "twilio",
      { kind: "UNAVAILABLE", match: { method: "POST", path: "Messages.json" } },
      1_000,
    );
    const id = await startExecution(t, token, { campaignId, inputs: { connectionId } });
    await watchExecution(client, id).done;
    const failed = await t.query<{
      execution: { status: string; error: { code: string; stepId: string } };
    }>(token, `query($id: ID!) { execution(id: $id) { status error { code stepId message } } }`, {
      id,
    });
    expect(failed.data!.execution).toMatchObject({
      status: "FAILED",
      error: { code: "ITEMS_FAILED", stepId: "send" },
    });
    sandboxesOf(t).clearFaults("twilio");
    const retried = await t.query(
      token,
      `mutation($id: ID!) { retryExecution(id: $id) { status } }`,
      { id },
    );
    expect(retried.errors).toBeUndefined();
    const watched = watchExecution(client, id);
    await watched.done;
    expect(watched.events.at(-1)!.type).toBe("EXECUTION_SUCCEEDED");
    expect(
      watched.events.filter(event => event.stepId === "prepare" && event.type === "STEP_STARTED"),
    ).toHaveLength(1);
    expect(sentTo().length - before).toBe(5);
  });

  it("a scheduled execution waits for its time", async () => {
    const campaignId = await createCampaign(audience(2, 500), campaignPlaybook(2));
    const startAt = new Date(Date.now() + 1_500);
    const result = await t.query<{
      startExecution: { id: string; status: string; scheduledAt: string };
    }>(
      token,
      `mutation($input: StartExecutionInput!) { startExecution(input: $input) { id status scheduledAt } }`,
      { input: { campaignId, inputs: { connectionId }, startAt: startAt.toISOString() } },
    );
    expect(result.data!.startExecution.status).toBe("PENDING");
    const watched = watchExecution(client, result.data!.startExecution.id);
    await watched.done;
    const run = await t.query<{ execution: { status: string; startedAt: string } }>(
      token,
      `query($id: ID!) { execution(id: $id) { status startedAt } }`,
      { id: result.data!.startExecution.id },
    );
    expect(run.data!.execution.status).toBe("SUCCEEDED");
    expect(new Date(run.data!.execution.startedAt).getTime()).toBeGreaterThanOrEqual(
      startAt.getTime() - 50,
    );
  });
});
