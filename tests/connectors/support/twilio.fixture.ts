import { expect } from "@jest/globals";
import type { ConnectionHandle } from "../../../connectors/connector.js";
import { ConnectorError } from "../../../connectors/kit/connector-error.js";
import type { OutboundMessage } from "../../../connectors/messaging-connector.js";
import { twilioConnector } from "../../../connectors/twilio/twilio.connector.js";
import {
  createTwilioSandbox,
  type TwilioSandboxAccount,
} from "../../../connectors/twilio/twilio.sandbox.js";
import {
  startSandbox,
  startWebhookReceiver,
  type RunningSandbox,
  type WebhookReceiver,
} from "../../support/sandbox.js";

type Factories = { twilio: typeof createTwilioSandbox };
export type RunningTwilioSandbox = RunningSandbox<Factories>;

/** What a Twilio test file runs against: the sandbox and the app's webhook receiver. */
export interface TwilioSetup {
  sandbox: RunningTwilioSandbox;
  receiver: WebhookReceiver;
}

export const sms = (
  to: string,
  text: string,
  extra: Partial<OutboundMessage> = {},
): OutboundMessage => ({
  messageId: `msg-${Math.random().toString(36).slice(2)}`,
  to,
  text,
  ...extra,
});

/** Awaits a call that must fail with a ConnectorError, and returns that error. */
export const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected a ConnectorError");
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(ConnectorError);
      return error as ConnectorError;
    },
  );

/**
 * The Twilio sandbox for one test file, and the helpers its tests share. The file starts it in
 * `beforeAll` with `start()` and closes it in `afterAll` with `close()`.
 */
export function createTwilioFixture() {
  let setup: TwilioSetup | undefined;
  let connections = 0;
  const current = (): TwilioSetup => {
    if (!setup) {
      throw new Error("the Twilio fixture is not started: call start() in beforeAll");
    }
    return setup;
  };

  const twilio = () => current().sandbox.host.sandboxes.twilio;
  const ctx = (timeoutMs?: number) =>
    current().sandbox.context(twilioConnector, timeoutMs ? { timeoutMs } : {});
  const connectionOf = (account: TwilioSandboxAccount): ConnectionHandle => {
    connections += 1;
    return {
      id: `conn-${connections}`,
      workspaceId: "ws-1",
      secrets: { authToken: account.authToken },
      settings: { accountSid: account.accountSid, fromNumber: account.fromNumber },
    };
  };
  const newConnection = () => connectionOf(twilio().createAccount());
  const webhookUrl = (connection: ConnectionHandle) =>
    `${current().receiver.url}/webhooks/twilio/${connection.id}`;
  const sendFails = (connection: ConnectionHandle, message: OutboundMessage) =>
    failure(twilioConnector.send(ctx(), connection, message));
  /** Webhooks the receiver got for one connection, once there are `count` of them. */
  const webhooksOf = async (connection: ConnectionHandle, count: number) => {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const mine = current().receiver.received.filter(r => r.segments[0] === connection.id);
      if (mine.length >= count || Date.now() > deadline) {
        return mine;
      }
      await new Promise(resolve => setTimeout(resolve, 5));
    }
  };

  return {
    twilio,
    ctx,
    newConnection,
    webhookUrl,
    sendFails,
    webhooksOf,
    async start(): Promise<TwilioSetup> {
      const sandbox = await startSandbox({ twilio: createTwilioSandbox });
      const receiver = await startWebhookReceiver();
      setup = { sandbox, receiver };
      return setup;
    },
    async close(): Promise<void> {
      const { sandbox, receiver } = current();
      await sandbox.close();
      await receiver.close();
    },
  };
}
