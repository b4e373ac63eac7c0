import { beforeEach } from "@jest/globals";
import { randomUUID } from "node:crypto";
import type { ConnectionHandle } from "../../../connectors/kit/contracts/index.js";
import type { OutboundMessage } from "../../../connectors/kit/contracts/index.js";
import type { WebhookEvent } from "../../../connectors/kit/contracts/index.js";
import { whatsappConnector } from "../../../connectors/whatsapp/whatsapp.connector.js";
import {
  createWhatsappSandbox,
  type WhatsappSandboxAccount,
} from "../../../connectors/whatsapp/whatsapp.sandbox.js";
import { whatsappWebhooks } from "../../../connectors/whatsapp/whatsapp.webhooks.js";
import { deliveryModel, failure, useSandbox } from "./sandbox-fixture.js";

/** Recipients ending in 9999 are never delivered; those ending in 1 read what they get. */
const deliveries = deliveryModel(
  recipient => recipient.endsWith("9999"),
  "131026",
  recipient => recipient.endsWith("1"),
);

export { failure };

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
 * The WhatsApp sandbox for the describe that calls it, posting its webhooks to the app's
 * receiver (both started before its tests, closed after them), a new business account for each
 * test (`account()`), and the helpers its tests share.
 */
export function useWhatsappFixture() {
  const { sandbox, receiver, contextFor } = useSandbox(
    "WhatsApp",
    { whatsapp: createWhatsappSandbox },
    receiver => ({ deliveries, statusDelayMs: 2, appWebhookBaseUrl: () => receiver.url }),
  );
  let current: WhatsappSandboxAccount | undefined;

  const wa = () => sandbox().host.sandboxes.whatsapp;
  beforeEach(() => {
    // One sandbox serves the whole file: a fault a test left unused must not reach the next one.
    sandbox().host.clearFaults("whatsapp");
    current = wa().createAccount({ verifiedName: "Acme Shoes" });
  });
  const account = () => current!;
  const ctx = contextFor(whatsappConnector);
  const keys = () => ({ config: sandbox().configs.whatsapp });
  const acceptedFor = (messageId: string) =>
    wa().accepted.filter(m => m.bizOpaqueCallbackData === messageId);
  /** Every webhook the sandbox sent so far, delivered, verified and parsed. */
  const events = async (): Promise<WebhookEvent[]> => {
    await sandbox().host.webhooks.settled();
    return receiver()
      .received.filter(request => whatsappWebhooks.verify(request, keys()))
      .flatMap(request => whatsappWebhooks.parse(request));
  };

  return { sandbox, receiver, account, wa, ctx, keys, acceptedFor, events };
}
