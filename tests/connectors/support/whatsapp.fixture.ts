import { randomUUID } from "node:crypto";
import type { ConnectionHandle } from "../../../connectors/connector.js";
import type { ConnectorError } from "../../../connectors/kit/connector-error.js";
import type { OutboundMessage } from "../../../connectors/messaging-connector.js";
import type { DeliveryModel } from "../../../connectors/sandbox/delivery-model.js";
import type { WebhookEvent } from "../../../connectors/webhook-handler.js";
import { whatsappConnector } from "../../../connectors/whatsapp/whatsapp.connector.js";
import { createWhatsappSandbox } from "../../../connectors/whatsapp/whatsapp.sandbox.js";
import { whatsappWebhooks } from "../../../connectors/whatsapp/whatsapp.webhooks.js";
import {
  startSandbox,
  startWebhookReceiver,
  type RunningSandbox,
  type WebhookReceiver,
} from "../../support/sandbox.js";

/** Recipients ending in 9999 are never delivered; those ending in 1 read what they get. */
const deliveries: DeliveryModel = {
  decide: ({ recipient }) =>
    recipient.endsWith("9999")
      ? { delivered: false, read: false, failureCode: "131026" }
      : { delivered: true, read: recipient.endsWith("1") },
};

export type RunningWhatsappSandbox = RunningSandbox<{ whatsapp: typeof createWhatsappSandbox }>;

/** What a WhatsApp test file runs against: the sandbox and the app's webhook receiver. */
export interface WhatsappSetup {
  sandbox: RunningWhatsappSandbox;
  receiver: WebhookReceiver;
}

/** Awaits a call that must fail, and returns its error as a ConnectorError. */
export const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected a failure");
    },
    (error: unknown) => error as ConnectorError,
  );

export const connectionOf = (a: { accessToken: string; phoneNumberId: string; wabaId?: string }) =>
  ({
    id: randomUUID(),
    workspaceId: "ws-1",
    secrets: { accessToken: a.accessToken },
    settings: { phoneNumberId: a.phoneNumberId, ...(a.wabaId ? { wabaId: a.wabaId } : {}) },
  }) satisfies ConnectionHandle;

export const text = (to: string, body = "Hello from Crosscast"): OutboundMessage => ({
  messageId: randomUUID(),
  to,
  text: body,
});

/**
 * The WhatsApp sandbox for one test file, and the helpers its tests share. The file starts it in
 * `beforeAll` with `start()` and closes it in `afterAll` with `close()`.
 */
export function createWhatsappFixture() {
  let setup: WhatsappSetup | undefined;
  const current = (): WhatsappSetup => {
    if (!setup) {
      throw new Error("the WhatsApp fixture is not started: call start() in beforeAll");
    }
    return setup;
  };

  const wa = () => current().sandbox.host.sandboxes.whatsapp;
  const ctx = (timeoutMs?: number) =>
    current().sandbox.context(whatsappConnector, timeoutMs ? { timeoutMs } : {});
  const keys = () => ({ config: current().sandbox.configs.whatsapp });
  const acceptedFor = (messageId: string) =>
    wa().accepted.filter(m => m.bizOpaqueCallbackData === messageId);
  /** Every webhook the sandbox sent so far, delivered, verified and parsed. */
  const events = async (): Promise<WebhookEvent[]> => {
    const { sandbox, receiver } = current();
    await sandbox.host.webhooks.settled();
    return receiver.received
      .filter(request => whatsappWebhooks.verify(request, keys()))
      .flatMap(request => whatsappWebhooks.parse(request));
  };

  return {
    wa,
    ctx,
    keys,
    acceptedFor,
    events,
    async start(): Promise<WhatsappSetup> {
      const receiver = await startWebhookReceiver();
      const sandbox = await startSandbox(
        { whatsapp: createWhatsappSandbox },
        { deliveries, statusDelayMs: 2, appWebhookBaseUrl: () => receiver.url },
      );
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
