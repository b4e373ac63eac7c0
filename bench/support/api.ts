/** GraphQL over HTTP for the bench's own setup calls. */
export async function gql<T>(
  url: string,
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown };
  if (body.errors || !body.data) {
    throw new Error(`GraphQL call failed: ${JSON.stringify(body.errors)}`);
  }
  return body.data;
}

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
        playbook: {
          inputs: {
            audience: { type: "[Recipient]", required: true },
            connectionId: { type: "ID", required: true },
          },
          steps: [
            {
              id: "send",
              forEach: "{{ inputs.audience }}",
              concurrency,
              operation: `mutation($input: SendMessageInput!) { sendMessage(input: $input) { id status } }`,
              variables: {
                input: {
                  connectionId: "{{ inputs.connectionId }}",
                  to: "{{ item.to }}",
                  text: "Hello from the benchmark",
                  idempotencyKey: "{{ idempotencyKey }}",
                },
              },
            },
          ],
        },
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

export function audience(count: number, offset = 0) {
  return Array.from({ length: count }, (_, i) => ({
    to: `+1650${String(offset + i).padStart(7, "0")}`,
  }));
}

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
