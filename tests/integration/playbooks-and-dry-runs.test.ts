import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { Client } from "graphql-ws";
import { Agent } from "../../orm/entities/index.js";
import { connectWithCredentials, eventually, sandboxesOf } from "../support/connections.js";
import { startExecution, watchExecution, wsClient } from "../support/executions.js";
import { makeWorkspace } from "../support/factories.js";
import { startTestStack, type TestStack } from "../support/test-stack.js";

const SEND = `mutation($input: SendMessageInput!) { sendMessage(input: $input) { id status } }`;
const step = (id: string, dependsOn: string[] = [], operation = SEND) => ({
  id,
  dependsOn,
  operation,
  variables:
    operation === SEND
      ? {
          input: {
            connectionId: "{{ inputs.connectionId }}",
            to: "+14155550180",
            text: "x",
            idempotencyKey: "{{ idempotencyKey }}",
          },
        }
      : {},
});

describe("playbooks are checked when saved; simulation and dry runs", () => {
  let t: TestStack;
  let token: string;
  let workspaceId: string;
  let client: Client;
  const inputs = { connectionId: { type: "ID", required: true } };
  const createAgent = (playbook: unknown) =>
    t.query<{ createAgent: { id: string } }>(
      token,
      `mutation($input: CreateAgentInput!) { createAgent(input: $input) { id } }`,
      { input: { name: "Checked", playbook } },
    );
  const agents = () => t.orm.em.fork().count(Agent, { workspace: workspaceId });

  beforeAll(async () => {
    t = await startTestStack();
    workspaceId = (await makeWorkspace(t.orm)).id;
    token = await t.tokenFor(workspaceId);
    client = wsClient(t, token);
  });
  afterAll(async () => {
    await client.dispose();
    await t.stop();
  });

  it.each([
    ["a cycle", { inputs, steps: [step("a", ["b"]), step("b", ["a"])] }, /cycle/],
    [
      "an unknown step in dependsOn",
      { inputs, steps: [step("a", ["nope"])] },
      /step "a".*unknown step "nope"/,
    ],
    [
      "an operation the supergraph rejects",
      { inputs, steps: [step("a", [], `query { campaigns { noSuchField } }`)] },
      /step "a".*noSuchField/,
    ],
    [
      "a reference to a step that is not a dependency",
      {
        inputs,
        steps: [
          step("a"),
          {
            ...step("b"),
            variables: {
              input: {
                connectionId: "{{ steps.a.output.sendMessage.id }}",
                to: "+14155550180",
                text: "x",
                idempotencyKey: "k",
              },
            },
          },
        ],
      },
      /step "b"/,
    ],
    ["no steps", { inputs, steps: [] }, /^playbook\.steps: must be a non-empty list of steps$/],
    [
      "a missing required variable",
      { inputs, steps: [{ ...step("a"), variables: {} }] },
      /step "a".*input/,
    ],
  ])(
    "%s is refused with BAD_USER_INPUT naming the step, and nothing is saved",
    async (_name, playbook, message) => {
      const before = await agents();
      const result = await createAgent(playbook);
      expect(result.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      expect(String(result.errors?.[0]?.extensions?.field)).toMatch(/^playbook/);
      expect(result.errors?.[0]?.message).toMatch(message);
      expect(await agents()).toBe(before);
    },
  );

  it("refuses to start with inputs the playbook does not accept", async () => {
    const agent = await createAgent({ inputs, steps: [step("a")] });
    const result = await t.query(
      token,
      `mutation($input: StartExecutionInput!) { startExecution(input: $input) { id } }`,
      { input: { agentId: agent.data!.createAgent.id, inputs: {} } },
    );
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "inputs.connectionId",
    });
  });

  it("simulates a campaign: the same seed gives the same forecast, another seed another", async () => {
    const created = await t.query<{ createCampaign: { id: string } }>(
      token,
      `mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }`,
      {
        input: {
          name: "Forecast",
          objective: "SALES",
          budget: { amountMicros: 50_000_000, currency: "USD" },
          audience: Array.from({ length: 500 }, (_, i) => ({
            to: `+1415558${String(i).padStart(4, "0")}`,
          })),
        },
      },
    );
    const forecast = (seed: string) =>
      t.query<{
        simulateCampaign: {
          channels: Array<{
            channel: string;
            expected: { sent: number };
            p50: { delivered: number };
          }>;
        };
      }>(
        token,
        `query($id: ID!, $seed: String!) { simulateCampaign(campaignId: $id, seed: $seed, runs: 200) {
          seed runs currency channels { channel expected { sent delivered opened clicked converted spendMicros }
          p10 { delivered } p50 { delivered } p90 { delivered } } total { expected { spendMicros } } } }`,
        { id: created.data!.createCampaign.id, seed },
      );
    const [a, b, c] = await Promise.all([
      forecast("launch"),
      forecast("launch"),
      forecast("other"),
    ]);
    expect(a.errors).toBeUndefined();
    expect(a.data).toEqual(b.data);
    expect(a.data).not.toEqual(c.data);
    expect(a.data!.simulateCampaign.channels.map(channel => channel.channel)).toEqual([
      "SMS",
      "ADS",
    ]);
    expect(a.data!.simulateCampaign.channels[0]!.expected.sent).toBe(500);
    const bad = await t.query(
      token,
      `query($id: ID!) { simulateCampaign(campaignId: $id, seed: "s", runs: 0) { runs } }`,
      {
        id: created.data!.createCampaign.id,
      },
    );
    expect(bad.errors?.[0]).toMatchObject({
      message: "runs: must be a whole number from 1 to 10000",
      extensions: { code: "BAD_USER_INPUT", field: "runs" },
    });
  });

  it("a dry run sends through the sandbox whatever the connection's state, and counts nothing as real", async () => {
    const account = sandboxesOf(t).sandboxes.twilio.createAccount();
    const connectionId = await connectWithCredentials(t, token, "twilio", { ...account });
    sandboxesOf(t).sandboxes.twilio.rotateAuthToken(account.accountSid); // the real credentials die
    await t.query(token, `mutation($id: ID!) { testConnection(id: $id) { ok } }`, {
      id: connectionId,
    });
    const agent = await createAgent({ inputs, steps: [step("a")] });
    const id = await startExecution(t, token, {
      agentId: agent.data!.createAgent.id,
      inputs: { connectionId },
      mode: "DRY_RUN",
    });
    const watched = watchExecution(client, id);
    await watched.done;
    expect(watched.events.at(-1)!.type).toBe("EXECUTION_SUCCEEDED");
    expect(sandboxesOf(t).sandboxes.twilio.sentMessages(account.accountSid)).toHaveLength(0);
    const result = await t.query<{
      real: unknown[];
      dry: Array<{ dryRun: boolean; recipient: string }>;
    }>(
      token,
      `{ real: messages(connectionId: "${connectionId}") { id } dry: messages(connectionId: "${connectionId}", dryRun: true) { dryRun recipient } }`,
    );
    expect(result.data!.real).toEqual([]);
    expect(result.data!.dry).toEqual([{ dryRun: true, recipient: "+14155550180" }]);
    // The sandbox reports the outcome through the signed status callbacks of a dry run.
    await eventually(async () => {
      const dry = await t.query<{ messages: Array<{ status: string }> }>(
        token,
        `{ messages(connectionId: "${connectionId}", dryRun: true) { status } }`,
      );
      return dry.data?.messages[0]?.status === "DELIVERED";
    });
  });
});
