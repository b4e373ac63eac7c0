import { fanOutAudience, fanOutPlaybook } from "../../testing/fan-out.js";
import { graphqlData as gql } from "../../testing/graphql.js";

export { gql };

/** An agent that sends one SMS per audience member, `concurrency` at a time. */
export async function createFanOutAgent(
  url: string,
  token: string,
  concurrency: number,
): Promise<string> {
  const data = await gql<{ createAgent: { id: string } }>(
    url,
    token,
    `mutation($input: CreateAgentInput!) { createAgent(input: $input) { id } }`,
    {
      input: {
        name: `Fan-out ${concurrency}`,
        playbook: fanOutPlaybook({ concurrency, text: "Hello from the benchmark" }),
      },
    },
  );
  return data.createAgent.id;
}

/** Starts an execution of `agentId` with `inputs`; returns its id. */
export async function startExecution(
  url: string,
  token: string,
  agentId: string,
  inputs: Record<string, unknown>,
): Promise<string> {
  const { startExecution } = await gql<{ startExecution: { id: string } }>(
    url,
    token,
    `mutation($input: StartExecutionInput!) { startExecution(input: $input) { id } }`,
    { input: { agentId, inputs } },
  );
  return startExecution.id;
}

export const audience = (count: number, offset = 0) => fanOutAudience(count, offset);

export async function waitForExecution(url: string, token: string, id: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { execution } = await gql<{
      execution: { status: string; startedAt: string; finishedAt: string | null };
    }>(url, token, `query($id: ID!) { execution(id: $id) { status startedAt finishedAt } }`, {
      id,
    });
    if (["SUCCEEDED", "FAILED", "CANCELLED"].includes(execution.status)) {
      return execution;
    }
    if (Date.now() > deadline) {
      throw new Error(`execution ${id} still ${execution.status}`);
    }
    await new Promise(resolve => setTimeout(resolve, 250));
  }
}
