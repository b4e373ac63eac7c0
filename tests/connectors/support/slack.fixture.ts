import type { ConnectionHandle } from "../../../connectors/connector.js";
import { ConnectorError } from "../../../connectors/kit/connector-error.js";
import type { ProviderConfig } from "../../../connectors/kit/provider-config.js";
import { slackConnector } from "../../../connectors/slack/slack.connector.js";
import { createSlackSandbox, SLACK_DEMO_ACCOUNT } from "../../../connectors/slack/slack.sandbox.js";
import {
  startSandbox,
  startWebhookReceiver,
  type RunningSandbox,
  type WebhookReceiver,
} from "../../support/sandbox.js";

export type SlackSandboxes = { slack: typeof createSlackSandbox };
export type RunningSlackSandbox = RunningSandbox<SlackSandboxes>;

/** What a Slack test file runs against: the sandbox, the app's webhook receiver, the config. */
export interface SlackSetup {
  sandbox: RunningSlackSandbox;
  receiver: WebhookReceiver;
  config: ProviderConfig;
}

/** Awaits a call that must fail with a ConnectorError, and returns that error. */
export async function failureOf(promise: Promise<unknown>): Promise<ConnectorError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ConnectorError) {
      return error;
    }
    throw error;
  }
  throw new Error("expected the call to fail");
}

let counter = 0;
export const messageId = () => `msg-${process.pid}-${(counter += 1)}`;

/**
 * The Slack sandbox for one test file, and the helpers its tests share. The file starts it in
 * `beforeAll` with `start()` and closes it in `afterAll` with `close()`.
 */
export function createSlackFixture() {
  let setup: SlackSetup | undefined;
  const current = (): SlackSetup => {
    if (!setup) {
      throw new Error("the Slack fixture is not started: call start() in beforeAll");
    }
    return setup;
  };

  const slack = () => current().sandbox.host.sandboxes.slack;
  const ctx = (options: Parameters<RunningSlackSandbox["context"]>[1] = {}) =>
    current().sandbox.context(slackConnector, options);
  const connection = (accessToken: string): ConnectionHandle => ({
    id: "conn-slack",
    workspaceId: "ws-1",
    secrets: { accessToken },
    settings: { teamId: "T0SANDBOX" },
  });
  const demo = connection(SLACK_DEMO_ACCOUNT.secrets.accessToken);
  const postsOf = (id: string) =>
    slack().posted.filter(post => {
      const payload = post.metadata?.event_payload;
      return typeof payload === "object" && payload !== null && "message_id" in payload
        ? payload.message_id === id
        : false;
    });
  const calls = (method: string) =>
    current().sandbox.host.requests.filter(request => request.path === `/api/${method}`).length;

  return {
    slack,
    ctx,
    connection,
    demo,
    postsOf,
    calls,
    async start(): Promise<SlackSetup> {
      const receiver = await startWebhookReceiver();
      const sandbox = await startSandbox(
        { slack: createSlackSandbox },
        { appWebhookBaseUrl: () => receiver.url },
      );
      setup = { sandbox, receiver, config: sandbox.configs.slack };
      return setup;
    },
    async close(): Promise<void> {
      const { sandbox, receiver } = current();
      await sandbox.close();
      await receiver.close();
    },
  };
}
