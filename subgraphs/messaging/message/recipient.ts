import type { MessagingChannel } from "../../../connectors/kit/contracts/index.js";
import { BadUserInputError } from "../../shared/errors.js";

const E164 = /^\+[1-9]\d{6,14}$/;
// Practical address syntax: local part without spaces or angle brackets, a dotted domain.
const EMAIL =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const SLACK_CHANNEL = /^(?:[CGD][A-Z0-9]{8,20}|#[a-z0-9][a-z0-9._-]{0,79})$/;

/**
 * Checks a recipient for a channel and returns it normalised (the form suppression entries and
 * provider calls use): E.164 for SMS and WhatsApp, a lower-case domain for email, a Slack
 * channel id or #name.
 */
export function normaliseRecipient(channel: MessagingChannel, raw: string): string {
  const value = raw.trim();
  switch (channel) {
    case "SMS":
    case "WHATSAPP": {
      const phone = value.replace(/[\s().-]/g, "");
      if (!E164.test(phone)) {
        throw new BadUserInputError(
          "to",
          "must be a phone number in E.164 format, such as +14155550100",
        );
      }
      return phone;
    }
    case "EMAIL": {
      if (value.length > 254 || !EMAIL.test(value)) {
        throw new BadUserInputError("to", "must be an email address");
      }
      const at = value.lastIndexOf("@");
      return `${value.slice(0, at)}@${value.slice(at + 1).toLowerCase()}`;
    }
    case "SLACK": {
      if (!SLACK_CHANNEL.test(value)) {
        throw new BadUserInputError("to", "must be a Slack channel id (C…) or #channel-name");
      }
      return value;
    }
  }
}

/** The suppression key of an address: phones as E.164, email addresses in lower case. */
export function suppressionAddress(channel: MessagingChannel, address: string): string {
  return channel === "EMAIL" ? address.trim().toLowerCase() : address.trim();
}
