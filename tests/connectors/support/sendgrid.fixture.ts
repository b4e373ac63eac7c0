import { expect } from "@jest/globals";
import type { ConnectionHandle } from "../../../connectors/connector.js";
import { ConnectorError } from "../../../connectors/kit/connector-error.js";
import type { OutboundMessage } from "../../../connectors/messaging-connector.js";
import type { DeliveryModel } from "../../../connectors/sandbox/delivery-model.js";
import { sendgridConnector } from "../../../connectors/sendgrid/sendgrid.connector.js";
import {
  createSendgridSandbox,
  type SendgridSandboxAccount,
} from "../../../connectors/sendgrid/sendgrid.sandbox.js";
import type { WebhookEvent } from "../../../connectors/webhook-handler.js";
import {
  startSandbox,
  startWebhookReceiver,
  type RunningSandbox,
  type WebhookReceiver,
} from "../../support/sandbox.js";

/** Recipients starting with "bounce" bounce; those starting with "reader" open the message. */
const deliveries: DeliveryModel = {
  decide: ({ recipient }) =>
    recipient.startsWith("bounce")
      ? { delivered: false, read: false, failureCode: "5.1.1" }
      : { delivered: true, read: recipient.startsWith("reader") },
};

const factories = { sendgrid: createSendgridSandbox };
export type RunningSendgridSandbox = RunningSandbox<typeof factories>;

/** What a SendGrid test file runs against: the sandbox and the app's webhook receiver. */
export interface SendgridSetup {
  sandbox: RunningSendgridSandbox;
  receiver: WebhookReceiver;
}

/**
 * The SendGrid sandbox for one test file, and the helpers its tests share. The file starts it in
 * `beforeAll` with `start()` and closes it in `afterAll` with `close()`.
 */
export function createSendgridFixture() {
  let setup: SendgridSetup | undefined;
  let counter = 0;
  const current = (): SendgridSetup => {
    if (!setup) {
      throw new Error("the SendGrid fixture is not started: call start() in beforeAll");
    }
    return setup;
  };

  const webhooks = sendgridConnector.webhooks!;
  const sg = () => current().sandbox.host.sandboxes.sendgrid;
  const ctx = (timeoutMs?: number) =>
    current().sandbox.context(sendgridConnector, timeoutMs ? { timeoutMs } : {});
  const api = (path: string) => `${current().sandbox.configs.sendgrid.apiBaseUrl}${path}`;
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error("expected a failure");
      },
      (error: unknown) => {
        expect(error).toBeInstanceOf(ConnectorError);
        return error as ConnectorError;
      },
    );

  function connection(account: { apiKey: string; fromEmail: string }): ConnectionHandle {
    counter += 1;
    return {
      id: `conn-${counter}`,
      workspaceId: "ws-1",
      secrets: { apiKey: account.apiKey },
      settings: { fromEmail: account.fromEmail, fromName: "Crosscast Tests" },
    };
  }
  function email(to: string, overrides: Partial<OutboundMessage> = {}): OutboundMessage {
    counter += 1;
    return {
      messageId: `msg-${counter}`,
      to,
      subject: "Spring sale",
      text: "Everything is 20% off.",
      html: "<p>Everything is <b>20%</b> off.</p>",
      ...overrides,
    };
  }
  const sentWith = (apiKey: string) => sg().sent.filter(mail => mail.apiKey === apiKey);

  /** Registers the Event Webhook of a new account at the receiver, under the connection's id. */
  async function registered(): Promise<{
    account: SendgridSandboxAccount;
    conn: ConnectionHandle;
  }> {
    const account = sg().createAccount();
    const conn = connection(account);
    const settings = await sendgridConnector.register!(ctx(), conn, {
      webhookUrl: `${current().receiver.url}/webhooks/sendgrid/${conn.id}`,
    });
    conn.settings = { ...conn.settings, ...settings };
    return { account, conn };
  }

  /** Every event the sandbox posted for the connection, once all deliveries are done. */
  async function delivered(conn: ConnectionHandle) {
    const { sandbox, receiver } = current();
    await sandbox.host.webhooks.settled();
    const requests = receiver.received.filter(request => request.segments[0] === conn.id);
    return { requests, events: requests.flatMap(request => webhooks.parse(request)) };
  }
  const statuses = (events: WebhookEvent[], messageId: string) =>
    events.flatMap(event =>
      event.type === "MESSAGE_STATUS" && event.messageId === messageId ? [event] : [],
    );

  return {
    webhooks,
    sg,
    ctx,
    api,
    failure,
    connection,
    email,
    sentWith,
    registered,
    delivered,
    statuses,
    async start(): Promise<SendgridSetup> {
      const sandbox = await startSandbox(factories, { deliveries });
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
