import type { ConnectionHandle } from "../../../connectors/kit/contracts/index.js";
import type { OutboundMessage } from "../../../connectors/kit/contracts/index.js";
import { twilioConnector } from "../../../connectors/twilio/twilio.connector.js";
import { createTwilioSandbox } from "../../../connectors/twilio/twilio.sandbox.js";
import { failure, useSandbox } from "./sandbox-fixture.js";

export { failure };

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

/**
 * The Twilio sandbox and the app's webhook receiver for the describe that calls it (started
 * before its tests, closed after them), and the helpers its tests share.
 */
export function useTwilioFixture() {
  const { sandbox, receiver, contextFor } = useSandbox("Twilio", { twilio: createTwilioSandbox });
  let connections = 0;

  const twilio = () => sandbox().host.sandboxes.twilio;
  const ctx = contextFor(twilioConnector);
  /** A new sandbox account, connected as any connection is (`createConnection()`). */
  const newConnection = (): ConnectionHandle => {
    connections += 1;
    return { id: `conn-${connections}`, workspaceId: "ws-1", ...twilio().createConnection() };
  };
  const webhookUrl = (connection: ConnectionHandle) =>
    `${receiver().url}/webhooks/twilio/${connection.id}`;
  const sendFails = (connection: ConnectionHandle, message: OutboundMessage) =>
    failure(twilioConnector.send(ctx(), connection, message));
  /** Webhooks the receiver got for one connection, once every webhook sent so far is delivered. */
  const webhooksOf = async (connection: ConnectionHandle) => {
    await sandbox().host.webhooks.settled();
    return receiver().received.filter(r => r.segments[0] === connection.id);
  };

  return { sandbox, twilio, ctx, newConnection, webhookUrl, sendFails, webhooksOf };
}
