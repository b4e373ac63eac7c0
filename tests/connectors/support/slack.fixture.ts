import type { ConnectionHandle } from "../../../connectors/kit/contracts/index.js";
import { slackConnector } from "../../../connectors/slack/slack.connector.js";
import { SLACK_DEMO_WORKSPACE } from "../../../connectors/slack/slack.demo.js";
import { createSlackSandbox } from "../../../connectors/slack/slack.sandbox.js";
import type { RunningSandbox } from "../../support/sandbox.js";
import { failure, useSandbox } from "./sandbox-fixture.js";

type RunningSlackSandbox = RunningSandbox<{ slack: typeof createSlackSandbox }>;

export { failure };

let counter = 0;
export const messageId = () => `msg-${process.pid}-${(counter += 1)}`;

/**
 * The Slack sandbox for the describe that calls it, posting its events to the app's webhook
 * receiver (both started before its tests, closed after them), and the helpers its tests share.
 */
export function useSlackFixture() {
  const { sandbox, receiver } = useSandbox("Slack", { slack: createSlackSandbox }, receiver => ({
    appWebhookBaseUrl: () => receiver.url,
  }));

  const slack = () => sandbox().host.sandboxes.slack;
  const config = () => sandbox().configs.slack;
  const ctx = (options: Parameters<RunningSlackSandbox["context"]>[1] = {}) =>
    sandbox().context(slackConnector, options);
  const connection = (accessToken: string): ConnectionHandle => ({
    id: "conn-slack",
    workspaceId: "ws-1",
    secrets: { accessToken },
    settings: { teamId: "T0SANDBOX" },
  });
  const demo = connection(SLACK_DEMO_WORKSPACE.accessToken);
  const postsOf = (id: string) =>
    slack().posted.filter(post => {
      const payload = post.metadata?.event_payload;
      return typeof payload === "object" && payload !== null && "message_id" in payload
        ? payload.message_id === id
        : false;
    });
  const calls = (method: string) =>
    sandbox().host.requests.filter(request => request.path === `/api/${method}`).length;

  return { sandbox, receiver, config, slack, ctx, connection, demo, postsOf, calls };
}
