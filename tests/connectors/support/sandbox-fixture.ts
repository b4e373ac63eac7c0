import { beforeEach, expect } from "@jest/globals";
import type { Connector } from "../../../connectors/kit/contracts/index.js";
import { ConnectorError } from "../../../connectors/kit/connector-error.js";
import type { DeliveryModel } from "../../../connectors/sandbox/delivery-model.js";
import type { SandboxFactory } from "../../../connectors/sandbox/sandbox-host.js";
import { useStarted } from "../../support/lifecycle.js";
import { startSandbox, startWebhookReceiver, type WebhookReceiver } from "../../support/sandbox.js";

type SandboxOptions = NonNullable<Parameters<typeof startSandbox>[1]>;

/**
 * The provider sandboxes for the describe that calls it, and the app's webhook receiver: both
 * start before its tests and close after them, and the waits slept so far are cleared before
 * each test. `options` are the sandbox's, given the receiver it may post webhooks to.
 */
export function useSandbox<T extends Record<string, SandboxFactory>>(
  provider: string,
  factories: T,
  options: (receiver: WebhookReceiver) => SandboxOptions = () => ({}),
) {
  const current = useStarted(
    `the ${provider} sandbox`,
    async () => {
      const receiver = await startWebhookReceiver();
      return { receiver, sandbox: await startSandbox(factories, options(receiver)) };
    },
    async ({ sandbox, receiver }) => {
      await sandbox.close();
      await receiver.close();
    },
  );
  beforeEach(() => {
    current().sandbox.waits.length = 0;
  });
  const sandbox = () => current().sandbox;
  return {
    sandbox,
    receiver: () => current().receiver,
    /** A connector's context against the sandbox, with the given timeout if any. */
    contextFor: (connector: Connector) => (timeoutMs?: number) =>
      sandbox().context(connector, timeoutMs ? { timeoutMs } : {}),
  };
}

/** Recipients `bounces` picks are never delivered (with `failureCode`); those `reads` picks read. */
export const deliveryModel = (
  bounces: (recipient: string) => boolean,
  failureCode: string,
  reads: (recipient: string) => boolean,
): DeliveryModel => ({
  decide: ({ recipient }) =>
    bounces(recipient)
      ? { delivered: false, read: false, failureCode }
      : { delivered: true, read: reads(recipient) },
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
