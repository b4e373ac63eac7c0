import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { Client } from "graphql-ws";
import { connectWithCredentials, eventually, sandboxesOf } from "../support/connections.js";
import {
  contiguous,
  createAgent,
  SEND_SMS_OPERATION,
  startExecution,
  watchExecution,
  wsClient,
} from "../support/executions.js";
import { makeWorkspace } from "../support/factories.js";
import { startTestStack, type TestStack } from "../support/test-stack.js";

// The seed's "agent execution": an execution runs to completion, and the dashboard receives every
// event over a subscription through the gateway, with fields other subgraphs own.
describe("agent execution", () => {
  let t: TestStack;
  let token: string;
  let client: Client;
  let connectionId: string;
  let agentId: string;

  beforeAll(async () => {
    t = await startTestStack();
    token = await t.tokenFor((await makeWorkspace(t.orm)).id);
    const account = sandboxesOf(t).sandboxes.twilio.createAccount();
    connectionId = await connectWithCredentials(t, token, "twilio", { ...account });
    agentId = await createAgent(t, token, {
      inputs: {
        connectionId: { type: "ID", required: true },
        to: { type: "String", required: true },
        text: { type: "String", required: true },
      },
      steps: [
        {
          id: "greet",
          operation: SEND_SMS_OPERATION,
          variables: {
            input: {
              connectionId: "{{ inputs.connectionId }}",
              to: "{{ inputs.to }}",
              text: "{{ inputs.text }}",
              idempotencyKey: "{{ idempotencyKey }}",
            },
          },
        },
      ],
    });
    client = wsClient(t, token);
  });
  afterAll(async () => {
    await client.dispose();
    await t.stop();
  });

  it("runs to completion, and every event arrives over the gateway subscription", async () => {
    const id = await startExecution(t, token, {
      agentId,
      inputs: { connectionId, to: "+14155550160", text: "Hello from an agent" },
    });
    const watched = watchExecution(client, id);
    await watched.done;
    expect(watched.errors).toEqual([]);
    expect(contiguous(watched.events)).toBe(true);
    expect(watched.events.map(event => event.type)).toEqual([
      "EXECUTION_STARTED",
      "STEP_STARTED",
      "STEP_SUCCEEDED",
      "EXECUTION_SUCCEEDED",
    ]);
    const succeeded = watched.events.find(event => event.type === "STEP_SUCCEEDED")!;
    expect(succeeded.message).toMatchObject({
      recipient: "+14155550160",
      status: expect.any(String),
    });
    const stored = await t.query<{
      execution: { status: string; progress: number; lastSeq: number };
    }>(
      token,
      `query($id: ID!) { execution(id: $id) { status progress lastSeq steps { stepId status itemsSucceeded } } }`,
      { id },
    );
    expect(stored.data!.execution).toMatchObject({
      status: "SUCCEEDED",
      progress: 100,
      lastSeq: 4,
    });
  });

  it("a subscriber that resubscribes after seq 2 receives 3 and onward exactly once", async () => {
    const id = await startExecution(t, token, {
      agentId,
      inputs: { connectionId, to: "+14155550161", text: "Again" },
    });
    const all = watchExecution(client, id);
    await all.done;
    const resumed = watchExecution(client, id, 2);
    await resumed.done;
    expect(resumed.events.map(event => event.seq)).toEqual(
      all.events.slice(2).map(event => event.seq),
    );
    expect(resumed.events[0]!.seq).toBe(3);
  });

  it("a subscription's other-subgraph field reflects that subgraph's state for each event", async () => {
    const id = await startExecution(t, token, {
      agentId,
      inputs: { connectionId, to: "+14155550162", text: "Status please" },
    });
    await watchExecution(client, id).done;
    // The message's status moves on from webhooks; a replay resolves it afresh through messaging.
    await eventually(async () => {
      const replay = watchExecution(client, id);
      await replay.done;
      return replay.events.find(event => event.message)?.message?.status === "DELIVERED";
    });
  });

  it("a token of another workspace cannot subscribe to this execution", async () => {
    const id = await startExecution(t, token, {
      agentId,
      inputs: { connectionId, to: "+14155550163", text: "Private" },
    });
    const outsider = wsClient(t, await t.tokenFor((await makeWorkspace(t.orm)).id));
    const watched = watchExecution(outsider, id);
    await watched.done;
    await outsider.dispose();
    expect(watched.events).toEqual([]);
    expect(JSON.stringify(watched.errors)).toMatch(/NOT_FOUND/);
  });

  it("starting an execution of another workspace's agent is refused", async () => {
    const outsider = await t.tokenFor((await makeWorkspace(t.orm)).id);
    const result = await t.query(
      outsider,
      `mutation($input: StartExecutionInput!) { startExecution(input: $input) { id } }`,
      {
        input: { agentId, inputs: { connectionId, to: "+14155550164", text: "x" } },
      },
    );
    expect(result.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });
});
