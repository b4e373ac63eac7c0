import type { ConnectionHandle } from "../../../connectors/kit/contracts/index.js";
import type { OutboundMessage } from "../../../connectors/kit/contracts/index.js";
import { twilioConnector } from "../../../connectors/twilio/twilio.connector.js";
import {
  createTwilioSandbox,
  type TwilioSandboxAccount,
} from "../../../connectors/twilio/twilio.sandbox.js";
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
