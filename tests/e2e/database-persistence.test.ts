import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { DEFAULT_PORTS } from "../../platform/config.js";
import { DEMO_WORKSPACE_ID } from "../../app/seed/demo.seeder.js";
import { eventually } from "../support/connections.js";
import { freePort, runNode, type RunningProcess } from "../../testing/processes.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";
import { postGraphQL } from "../support/test-stack.js";

// The seed's "database persistence": everything the API accepted survives a full restart of every
// process (`npm start` stopped and started again on the same database), including work that was
// still scheduled when it stopped.
describe("database persistence across a full restart", () => {
  let database: TestDatabase;
  let app: RunningProcess | undefined;
  let token = "";
  const env: Record<string, string> = { LOG_LEVEL: "warn", JOB_SUPERVISE_SECONDS: "1" };
  const url = () => `http://127.0.0.1:${env.GATEWAY_PORT}/graphql`;
  const gql = <T>(query: string, variables: Record<string, unknown> = {}) =>
    postGraphQL<T>(url(), { query, variables }, { authorization: `Bearer ${token}` });

  const start = async () => {
    app = runNode("dist/scripts/start-all.js", [], env);
    token = (await app.waitFor(/Development token[^\n]*\n(\S+)\n/))[1]!;
  };

  beforeAll(async () => {
    database = await createTestDatabase({ empty: true });
    env.DATABASE_URL = database.url;
    for (const name of [...Object.keys(DEFAULT_PORTS), "sandbox"]) {
      env[`${name.toUpperCase()}_PORT`] = String(await freePort());
    }
  }, 30_000);
  afterAll(async () => {
    await app?.stop();
    await database.drop();
  });

  it("keeps connections, executions, their events and messages, and runs what was scheduled", async () => {
    await start();
    const twilio = (
      await gql<{ connections: Array<{ id: string }> }>(
        `{ connections(provider: "twilio") { id } }`,
      )
    ).data!.connections[0]!.id;
    const agent = await gql<{ createAgent: { id: string } }>(
      `mutation($input: CreateAgentInput!) { createAgent(input: $input) { id } }`,
      {
        input: {
          name: "Reminder",
          playbook: {
            inputs: { to: { type: "String", required: true } },
            steps: [
              {
                id: "remind",
                operation: `mutation($input: SendMessageInput!) { sendMessage(input: $input) { id } }`,
                variables: {
                  input: {
                    connectionId: twilio,
                    to: "{{ inputs.to }}",
                    text: "Reminder",
                    idempotencyKey: "{{ idempotencyKey }}",
                  },
                },
              },
            ],
          },
        },
      },
    );
    const agentId = agent.data!.createAgent.id;
    const startExecution = (to: string, startAt?: Date) =>
      gql<{ startExecution: { id: string } }>(
        `mutation($input: StartExecutionInput!) { startExecution(input: $input) { id } }`,
        {
          input: {
            agentId,
            inputs: { to },
            ...(startAt ? { startAt: startAt.toISOString() } : {}),
          },
        },
      ).then(result => result.data!.startExecution.id);
    const execution = (id: string) =>
      gql<{
        execution: {
          status: string;
          lastSeq: number;
          events: Array<{ seq: number; type: string }>;
        };
      }>(`query($id: ID!) { execution(id: $id) { status lastSeq events { seq type } } }`, {
        id,
      }).then(result => result.data!.execution);

    const done = await startExecution("+14155550170");
    await eventually(async () => (await execution(done)).status === "SUCCEEDED", 20_000);
    const before = await execution(done);
    const scheduled = await startExecution("+14155550171", new Date(Date.now() + 4_000));
    expect((await execution(scheduled)).status).toBe("PENDING");

    await app!.stop();
    expect(app!.child.exitCode).toBe(0);
    await start();

    expect(await execution(done)).toEqual(before);
    await eventually(async () => (await execution(scheduled)).status === "SUCCEEDED", 30_000);
    const messages = await gql<{ messages: Array<{ recipient: string }> }>(
      `{ messages(first: 100) { recipient } }`,
    );
    expect(messages.data!.messages.map(m => m.recipient)).toEqual(
      expect.arrayContaining(["+14155550170", "+14155550171"]),
    );
    // The sealed credentials still open: the connection sends after the restart.
    const again = await gql<{ sendMessage: { status: string } }>(
      `mutation($input: SendMessageInput!) { sendMessage(input: $input) { status } }`,
      {
        input: {
          connectionId: twilio,
          to: "+14155550172",
          text: "Still here",
          idempotencyKey: "after-restart",
        },
      },
    );
    expect(again.data?.sendMessage.status).toMatch(/SENT|DELIVERED/);
    const workspace = await gql<{ workspace: { id: string } }>(`{ workspace { id } }`);
    expect(workspace.data?.workspace.id).toBe(DEMO_WORKSPACE_ID);
  }, 90_000);
});
