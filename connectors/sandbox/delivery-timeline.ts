import type { DeliveryInput } from "./delivery-model.js";
import type { SandboxEnvironment } from "./sandbox.js";
import type { OutgoingWebhook } from "./webhook-sender.js";

/**
 * The life of a message after a sandbox accepts it, decided once by the delivery model and laid
 * out in time: sent after one status delay, then delivered (and maybe read) or failed, one delay
 * apart. Each sandbox names the steps in its provider's words and renders each as the webhook
 * the provider would send.
 */
export interface TimelineStep<S extends string> {
  status: S;
  at: Date;
  /** The provider's failure code, on the failed step. */
  failureCode?: string;
}

export interface TimelineWords<S extends string> {
  /** The provider's first state, at once (Twilio `queued`, SendGrid `processed`); none if it has none. */
  accepted?: S;
  sent: S;
  delivered: S;
  /** Absent for providers that report no reads. */
  read?: S;
  failed: S;
  /** The failure code when the delivery model gives none the provider uses. */
  defaultFailureCode?: string;
}

export function deliveryTimeline<S extends string>(
  env: Pick<SandboxEnvironment, "deliveries" | "statusDelayMs" | "now">,
  input: DeliveryInput,
  words: TimelineWords<S>,
): Array<TimelineStep<S>> {
  const start = env.now().getTime();
  const at = (n: number) => new Date(start + n * env.statusDelayMs);
  const outcome = env.deliveries.decide(input);
  const steps: Array<TimelineStep<S>> = [];
  if (words.accepted) {
    steps.push({ status: words.accepted, at: at(0) });
  }
  steps.push({ status: words.sent, at: at(1) });
  if (!outcome.delivered) {
    const code = outcome.failureCode ?? words.defaultFailureCode;
    steps.push({ status: words.failed, at: at(2), ...(code ? { failureCode: code } : {}) });
    return steps;
  }
  steps.push({ status: words.delivered, at: at(2) });
  if (outcome.read && words.read) {
    steps.push({ status: words.read, at: at(3) });
  }
  return steps;
}

/**
 * Sends one webhook per step, each at its time. `render` returns the provider's webhook for a
 * step, or undefined for a step the provider reports to nobody (no callback URL, the first state).
 */
export function sendTimeline<S extends string>(
  env: Pick<SandboxEnvironment, "webhooks" | "now">,
  steps: ReadonlyArray<TimelineStep<S>>,
  render: (step: TimelineStep<S>) => Omit<OutgoingWebhook, "delayMs"> | undefined,
): void {
  const now = env.now().getTime();
  for (const step of steps) {
    const webhook = render(step);
    if (webhook) {
      env.webhooks.send({ ...webhook, delayMs: Math.max(0, step.at.getTime() - now) });
    }
  }
}
