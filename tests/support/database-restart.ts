import type { Client } from "graphql-ws";
import type { RestartablePostgres } from "./restartable-postgres.js";
import { connect } from "./subscription-client.js";
import { postGraphQL } from "./test-stack.js";

/** A running stack, however it was started, as the restart scenario drives it from outside. */
export interface RestartTarget {
  gatewayUrl: string;
  token: string;
  /** A Twilio connection of the token's workspace, on the sandboxes at `sandboxUrl`. */
  connectionId: string;
  sandboxUrl: string;
  /** Base URL (`http://host:port`) of every service's probes, by service name. */
  probes: Record<string, string>;
  /** The services that use the database: not ready while it is away. */
  databaseUsers: string[];
  postgres: RestartablePostgres;
}

export interface ReceivedEvent {
  seq: number;
  type: string;
  itemIndex: number | null;
}

export interface RestartOutcome {
  /** Every event the subscriber received, in arrival order, over all its subscriptions. */
  events: ReceivedEvent[];
  /** Subscriptions that ended early and were resumed with `afterSeq`. */
  resumes: number;
  status: string | undefined;
  /** Services seen not ready while the database was stopped. */
  notReadyWhileDown: string[];
  /** Per service: milliseconds from the database being back to the service being ready. */
  readyAfterMs: Record<string, number>;
  /** Milliseconds from the database being back to the subscriber seeing the execution end. */
  endedAfterMs: number;
  recipients: number;
}

const RECIPIENTS = 6;
/** How long the database stays away at least: long enough for reconnect attempts to fail. */
const OUTAGE_MS = 2_500;
const SEND_SMS = `mutation($input: SendMessageInput!) { sendMessage(input: $input) { id status } }`;
const EVENTS = `subscription($id: ID!, $after: Int!) {
  executionEvents(executionId: $id, afterSeq: $after) { seq type itemIndex }
}`;

async function until<T>(what: string, deadlineMs: number, check: () => Promise<T | undefined>) {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`${what}: not within ${deadlineMs / 1000} s`);
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

async function readiness(base: string): Promise<number> {
  try {
    return (await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(10_000) })).status;
  } catch {
    return 0; // not answering at all
  }
}

async function setTwilioLatency(sandboxUrl: string, ms: number) {
  const response = await fetch(`${sandboxUrl}/__sandbox/latency`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ provider: "twilio", ms }),
  });
  if (response.status !== 204) {
    throw new Error(`the sandbox refused the latency: ${response.status}`);
  }
}

/** Follows an execution's events through the gateway; a subscription that fails is resumed. */
function follow(target: RestartTarget, executionId: string) {
  const events: ReceivedEvent[] = [];
  const url = target.gatewayUrl.replace(/^http/, "ws");
  let resumes = 0;
  let stopped = false;
  const once = (client: Client) =>
    new Promise<boolean>(resolve => {
      client.subscribe<{ executionEvents: ReceivedEvent }>(
        { query: EVENTS, variables: { id: executionId, after: events.at(-1)?.seq ?? 0 } },
        {
          next: result => {
            if (result.data?.executionEvents) {
              events.push(result.data.executionEvents);
            }
          },
          error: () => resolve(false),
          complete: () => resolve(true),
        },
      );
    });
  const done = (async () => {
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const client = connect(url, { authorization: `Bearer ${target.token}` });
      const completed = await once(client);
      await client.dispose();
      if (completed || stopped) {
        return;
      }
      resumes += 1;
      await new Promise(resolve => setTimeout(resolve, 500));
    }
    throw new Error("the subscription kept failing");
  })();
  done.catch(() => undefined); // awaited by the scenario, unless it failed before
  return {
    events,
    done,
    resumes: () => resumes,
    stop: () => {
      stopped = true;
    },
  };
}

/**
 * Runs an SMS execution whose sends are slow, stops PostgreSQL once the first item succeeded
 * (sends are in flight), waits until the database's users say they are not ready and a few
 * seconds have passed (reconnects fail meanwhile), starts it again, and waits for every service to be ready and the subscriber to see the execution end.
 */
export async function runExecutionAcrossRestart(target: RestartTarget): Promise<RestartOutcome> {
  const gql = async <T>(query: string, variables: Record<string, unknown> = {}) => {
    const result = await postGraphQL<T>(
      target.gatewayUrl,
      { query, variables },
      { authorization: `Bearer ${target.token}` },
    );
    if (!result.data) {
      throw new Error(`GraphQL failed: ${JSON.stringify(result.errors)}`);
    }
    return result.data;
  };
  const { createAgent } = await gql<{ createAgent: { id: string } }>(
    `mutation($input: CreateAgentInput!) { createAgent(input: $input) { id } }`,
    {
      input: {
        name: "Restart survivor",
        playbook: {
          inputs: { audience: { type: "[Recipient]", required: true } },
          steps: [
            {
              id: "send",
              forEach: "{{ inputs.audience }}",
              concurrency: 1,
              timeoutSeconds: 10,
              retry: { maxAttempts: 5, backoffSeconds: 1 },
              operation: SEND_SMS,
              variables: {
                input: {
                  connectionId: target.connectionId,
                  to: "{{ item.to }}",
                  text: "Still here",
                  idempotencyKey: "{{ idempotencyKey }}",
                },
              },
            },
          ],
        },
      },
    },
  );
  // Each send takes 1 s: the execution is certainly still running when the database stops.
  await setTwilioLatency(target.sandboxUrl, 1_000);
  const audience = Array.from({ length: RECIPIENTS }, (_, i) => ({ to: `+14155501${20 + i}` }));
  const { startExecution } = await gql<{ startExecution: { id: string } }>(
    `mutation($input: StartExecutionInput!) { startExecution(input: $input) { id } }`,
    { input: { agentId: createAgent.id, inputs: { audience } } },
  );
  const followed = follow(target, startExecution.id);
  try {
    await until("the first item", 60_000, async () =>
      followed.events.some(event => event.type === "ITEM_SUCCEEDED") ? true : undefined,
    );
    await target.postgres.stop();
    const stopped = Date.now();
    const notReadyWhileDown: string[] = [];
    await until("every database user not ready", 60_000, async () => {
      for (const name of target.databaseUsers) {
        if (!notReadyWhileDown.includes(name) && (await readiness(target.probes[name]!)) === 503) {
          notReadyWhileDown.push(name);
        }
      }
      return notReadyWhileDown.length === target.databaseUsers.length ? true : undefined;
    });
    await new Promise(resolve =>
      setTimeout(resolve, Math.max(0, stopped + OUTAGE_MS - Date.now())),
    );
    await target.postgres.start();
    const back = Date.now();
    await setTwilioLatency(target.sandboxUrl, 0);

    const readyAfterMs: Record<string, number> = {};
    await until("every service ready again", 90_000, async () => {
      for (const [name, base] of Object.entries(target.probes)) {
        if (readyAfterMs[name] === undefined && (await readiness(base)) === 200) {
          readyAfterMs[name] = Date.now() - back;
        }
      }
      return Object.keys(readyAfterMs).length === Object.keys(target.probes).length
        ? true
        : undefined;
    });
    await Promise.race([
      followed.done,
      new Promise((_resolve, reject) =>
        setTimeout(() => reject(new Error("the execution did not end in time")), 120_000).unref(),
      ),
    ]);
    const endedAfterMs = Date.now() - back;
    const { execution } = await gql<{ execution: { status: string } | null }>(
      `query($id: ID!) { execution(id: $id) { status } }`,
      { id: startExecution.id },
    );
    return {
      events: followed.events,
      resumes: followed.resumes(),
      status: execution?.status,
      notReadyWhileDown,
      readyAfterMs,
      endedAfterMs,
      recipients: RECIPIENTS,
    };
  } finally {
    followed.stop();
  }
}
