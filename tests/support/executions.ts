import type { Client, FormattedExecutionResult } from "graphql-ws";
import { connect } from "./subscription-client.js";
import type { TestStack } from "./test-stack.js";

const EVENT_FIELDS = `seq type stepId itemIndex progress attempt detail errorCode message { id status recipient }`;

export interface ExecutionEventResult {
  seq: number;
  type: string;
  stepId: string | null;
  itemIndex: number | null;
  progress: number | null;
  attempt: number | null;
  detail: string | null;
  errorCode: string | null;
  message: { id: string; status: string; recipient: string } | null;
}

/** A graphql-ws client on the gateway's /graphql, authenticated like the dashboard. */
export function wsClient(t: TestStack, token: string): Client {
  return connect(t.stack.gatewayUrl.replace(/^http/, "ws"), { authorization: `Bearer ${token}` });
}

export interface Watched {
  events: ExecutionEventResult[];
  errors: unknown[];
  /** Resolves when the subscription completes (after the execution's final event) or fails. */
  done: Promise<void>;
  stop(): void;
}

/** Subscribes to an execution's events through the gateway and records every one. */
export function watchExecution(client: Client, executionId: string, afterSeq = 0): Watched {
  const events: ExecutionEventResult[] = [];
  const errors: unknown[] = [];
  let stop = () => {};
  const done = new Promise<void>(resolve => {
    stop = client.subscribe<{ executionEvents: ExecutionEventResult }>(
      {
        query: `subscription($id: ID!, $after: Int!) { executionEvents(executionId: $id, afterSeq: $after) { ${EVENT_FIELDS} } }`,
        variables: { id: executionId, after: afterSeq },
      },
      {
        next: (result: FormattedExecutionResult<{ executionEvents: ExecutionEventResult }>) => {
          if (result.errors?.length) {
            errors.push(...result.errors);
          }
          if (result.data?.executionEvents) {
            events.push(result.data.executionEvents);
          }
        },
        error: error => {
          errors.push(error);
          resolve();
        },
        complete: () => resolve(),
      },
    );
  });
  return { events, errors, done, stop: () => stop() };
}

export const SEND_SMS_OPERATION = `mutation Send($input: SendMessageInput!) {
  sendMessage(input: $input) { id status }
}`;

export async function createAgent(t: TestStack, token: string, playbook: unknown, name = "Agent") {
  const result = await t.query<{ createAgent: { id: string } }>(
    token,
    `mutation($input: CreateAgentInput!) { createAgent(input: $input) { id } }`,
    { input: { name, playbook } },
  );
  if (!result.data?.createAgent) {
    throw new Error(`createAgent failed: ${JSON.stringify(result.errors)}`);
  }
  return result.data.createAgent.id;
}

export async function startExecution(t: TestStack, token: string, input: Record<string, unknown>) {
  const result = await t.query<{ startExecution: { id: string; status: string } }>(
    token,
    `mutation($input: StartExecutionInput!) { startExecution(input: $input) { id status } }`,
    { input },
  );
  if (!result.data?.startExecution) {
    throw new Error(`startExecution failed: ${JSON.stringify(result.errors)}`);
  }
  return result.data.startExecution.id;
}

/** Seq numbers 1..n with no gap and no repeat. */
export function contiguous(events: Array<{ seq: number }>): boolean {
  return events.every((event, index) => event.seq === index + 1);
}
