import type { ConnectionHandle, ConnectorContext } from "../kit/contracts/index.js";
import type { MessagingConnector } from "../kit/contracts/index.js";
import { ConnectorError } from "../kit/connector-error.js";
import { requireSetting } from "../kit/credentials.js";
import { classifyTwilio } from "./twilio.classifier.js";
import { createTwilioClient, type TwilioClient } from "./twilio.client.js";
import { foundMessage, messageForm } from "./twilio.mapper.js";
import { findSentMessage, LookupIncompleteError } from "./twilio.reconcile.js";
import { twilioWebhooks } from "./twilio.webhooks.js";

/**
 * Twilio Programmable Messaging (SMS) with an Account SID and auth token (HTTP Basic).
 * Settings: accountSid, fromNumber (E.164, a number the account owns). Secret: authToken.
 */
const PROVIDER = "twilio";
const E164 = /^\+[1-9]\d{1,14}$/;

function fromNumber(ctx: ConnectorContext, connection: Pick<ConnectionHandle, "settings">): string {
  const from = requireSetting(ctx.config, connection, "fromNumber");
  if (!E164.test(from)) {
    throw new ConnectorError(
      "INVALID_REQUEST",
      `${PROVIDER}: fromNumber must be an E.164 number such as +15555550100`,
      { provider: PROVIDER },
    );
  }
  return from;
}

/** The account's IncomingPhoneNumber for `from`; INVALID_REQUEST when it owns no such number. */
async function ownedNumber(client: TwilioClient, from: string) {
  const number = await client.findIncomingPhoneNumber(from);
  if (!number) {
    throw new ConnectorError(
      "INVALID_REQUEST",
      `${PROVIDER}: ${from} is not a phone number of this Twilio account`,
      { provider: PROVIDER },
    );
  }
  return number;
}

export const twilioConnector: MessagingConnector = {
  category: "MESSAGING",
  provider: PROVIDER,
  channel: "SMS",
  // Twilio's Body limit (error 21617 above it); longer texts go out as several segments.
  limits: { maxTextLength: 1600 },
  classify: classifyTwilio,
  credentialFields: { secrets: ["authToken"], settings: ["accountSid", "fromNumber"] },

  async verify(ctx, connection) {
    const from = fromNumber(ctx, connection);
    const client = createTwilioClient(ctx, connection);
    const account = await client.fetchAccount();
    if (account.status !== "active") {
      throw new ConnectorError(
        "PERMISSION_DENIED",
        `${PROVIDER}: the account is ${account.status}`,
        {
          provider: PROVIDER,
          providerCode: account.status,
        },
      );
    }
    const number = await ownedNumber(client, from);
    return {
      externalAccountId: account.sid,
      displayName: account.friendlyName,
      settings: { phoneNumberSid: number.sid },
    };
  },

  async send(ctx, connection, message) {
    const from = fromNumber(ctx, connection);
    const client = createTwilioClient(ctx, connection);
    const form = messageForm(from, message);
    const startedAt = new Date();
    const body = form.get("Body");
    // A template's rendered body is Twilio's, so only a plain text can be found again; a lost
    // template send stays UNKNOWN_OUTCOME until its status callback (with the message id) comes.
    const lookup =
      body !== null
        ? () => findSentMessage(client, { to: message.to, from, body, startedAt })
        : undefined;
    const created = await client.createMessage(form, lookup);
    return { providerMessageId: created.sid };
  },

  async lookup(ctx, connection, query) {
    // Twilio keeps nothing of ours on a message: it is found by its number pair and its text.
    if (query.text === undefined) {
      throw new ConnectorError(
        "UNKNOWN_OUTCOME",
        `${PROVIDER}: only a plain text message can be found again`,
        { provider: PROVIDER },
      );
    }
    const criteria = {
      to: query.to,
      from: fromNumber(ctx, connection),
      body: query.text,
      startedAt: query.sentAfter,
    };
    try {
      const found = await findSentMessage(createTwilioClient(ctx, connection), criteria);
      return found ? foundMessage(found) : undefined;
    } catch (error) {
      if (error instanceof LookupIncompleteError) {
        throw new ConnectorError("UNKNOWN_OUTCOME", error.message, { provider: PROVIDER });
      }
      throw error;
    }
  },

  async register(ctx, connection, urls) {
    const from = fromNumber(ctx, connection);
    const client = createTwilioClient(ctx, connection);
    const number = await ownedNumber(client, from);
    // Inbound replies (STOP included) to this number now reach Crosscast.
    await client.updateIncomingPhoneNumber(number.sid, {
      smsUrl: urls.webhookUrl,
      smsMethod: "POST",
    });
    return { phoneNumberSid: number.sid };
  },

  webhooks: twilioWebhooks,
};
