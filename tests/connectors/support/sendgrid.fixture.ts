import type { ConnectionHandle } from "../../../connectors/kit/contracts/index.js";
import type { OutboundMessage } from "../../../connectors/kit/contracts/index.js";
import { sendgridConnector } from "../../../connectors/sendgrid/sendgrid.connector.js";
import {
  createSendgridSandbox,
  type SendgridSandboxAccount,
} from "../../../connectors/sendgrid/sendgrid.sandbox.js";
import type { WebhookEvent } from "../../../connectors/kit/contracts/index.js";
import { deliveryModel, failure, useSandbox } from "./sandbox-fixture.js";

/** Recipients starting with "bounce" bounce; those starting with "reader" open the message. */
const deliveries = deliveryModel(
  recipient => recipient.startsWith("bounce"),
  "5.1.1",
  recipient => recipient.startsWith("reader"),
);

/**
 * The SendGrid sandbox and the app's webhook receiver for the describe that calls it (started
 * before its tests, closed after them), and the helpers its tests share.
 */
export function useSendgridFixture() {
  const { sandbox, receiver, contextFor } = useSandbox(
    "SendGrid",
    { sendgrid: createSendgridSandbox },
    () => ({ deliveries }),
  );
  let counter = 0;

  const webhooks = sendgridConnector.webhooks!;
  const sg = () => sandbox().host.sandboxes.sendgrid;
  const ctx = contextFor(sendgridConnector);
  const api = (path: string) => `${sandbox().configs.sendgrid.apiBaseUrl}${path}`;

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
      webhookUrl: `${receiver().url}/webhooks/sendgrid/${conn.id}`,
    });
    conn.settings = { ...conn.settings, ...settings };
    return { account, conn };
  }

  /** Every event the sandbox posted for the connection, once all deliveries are done. */
  async function delivered(conn: ConnectionHandle) {
    await sandbox().host.webhooks.settled();
    const requests = receiver().received.filter(request => request.segments[0] === conn.id);
    return { requests, events: requests.flatMap(request => webhooks.parse(request)) };
  }
  const statuses = (events: WebhookEvent[], messageId: string) =>
    events.flatMap(event =>
      event.type === "MESSAGE_STATUS" && event.messageId === messageId ? [event] : [],
    );

  return {
    sandbox,
    receiver,
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
  };
}
