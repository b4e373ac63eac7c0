import { createHash } from "node:crypto";

/**
 * Decides what happens to a message after a sandbox accepts it: delivered or not, read or not.
 * The default is deterministic per recipient, with documented magic recipients for failures;
 * dry runs plug in the campaign simulation instead, so a dry run's outcome is plausible.
 */
export interface DeliveryInput {
  provider: string;
  channel: string;
  recipient: string;
  messageId: string;
}

export interface DeliveryOutcome {
  delivered: boolean;
  read: boolean;
  /** The provider's own failure code when not delivered (Twilio 30003, SendGrid bounce...). */
  failureCode?: string;
}

export interface DeliveryModel {
  decide(input: DeliveryInput): DeliveryOutcome;
}

/** A stable number in [0, 1) from text. */
export function unitHash(text: string): number {
  return createHash("sha256").update(text).digest().readUInt32BE(0) / 2 ** 32;
}

/**
 * Magic recipients: a phone number ending in 9999, or an address or channel containing
 * "bounce" or "undeliverable", is never delivered. Everything else is delivered, and read by a
 * stable half of recipients.
 */
export const defaultDeliveryModel: DeliveryModel = {
  decide({ recipient }) {
    const failing = /9999$/.test(recipient) || /bounce|undeliverable/i.test(recipient);
    if (failing) {
      return { delivered: false, read: false, failureCode: "UNDELIVERABLE" };
    }
    return { delivered: true, read: unitHash(`read:${recipient}`) < 0.5 };
  },
};
