import { generateKeyPairSync, randomBytes } from "node:crypto";
import { gmailConnector } from "../../../connectors/gmail/gmail.connector.js";
import { gmailMessageId } from "../../../connectors/gmail/gmail.mapper.js";
import { createGmailSandbox, type GmailSandbox } from "../../../connectors/gmail/gmail.sandbox.js";
import { PROVIDERS, type ProviderKey, type ProviderSpec } from "../../../connectors/kit/catalog.js";
import type { ConnectorErrorKind } from "../../../connectors/kit/connector-error.js";
import {
  tokensToSecrets,
  type ConnectionHandle,
  type DeliveryStatus,
  type MessagingConnector,
  type OutboundMessage,
  type WebhookRequest,
} from "../../../connectors/kit/contracts/index.js";
import { buildAuthorizeUrl, exchangeCode } from "../../../connectors/kit/oauth2.js";
import { signMeta } from "../../../connectors/families/meta/meta.webhooks.js";
import { signSendGrid } from "../../../connectors/sendgrid/sendgrid.webhooks.js";
import { signSlack } from "../../../connectors/slack/slack.webhooks.js";
import { signTwilio } from "../../../connectors/twilio/twilio.webhooks.js";
import type { Fault, ProviderSandbox } from "../../../connectors/sandbox/sandbox.js";
import { MESSAGE_ID_ARG } from "../../../connectors/sendgrid/sendgrid.mapper.js";
import {
  createSendgridSandbox,
  type SendgridSandbox,
} from "../../../connectors/sendgrid/sendgrid.sandbox.js";
import { sendgridConnector } from "../../../connectors/sendgrid/sendgrid.connector.js";
import {
  SIGNATURE_HEADER as SENDGRID_SIGNATURE,
  TIMESTAMP_HEADER as SENDGRID_TIMESTAMP,
} from "../../../connectors/sendgrid/sendgrid.webhooks.js";
import { slackConnector } from "../../../connectors/slack/slack.connector.js";
import { createSlackSandbox, type SlackSandbox } from "../../../connectors/slack/slack.sandbox.js";
import { twilioConnector } from "../../../connectors/twilio/twilio.connector.js";
import {
  createTwilioSandbox,
  type TwilioSandbox,
} from "../../../connectors/twilio/twilio.sandbox.js";
import { whatsappConnector } from "../../../connectors/whatsapp/whatsapp.connector.js";
import {
  createWhatsappSandbox,
  type WhatsappSandbox,
} from "../../../connectors/whatsapp/whatsapp.sandbox.js";
import type { BaselineCase } from "./support/conformance-baseline.js";
import type { CaseEnv, MadeConnection } from "./support/conformance-world.js";

/**
 * The messaging providers the conformance suite runs against (messaging.conformance.test.ts):
 * one case per provider, and this list is the registry. A new messaging connector gets its
 * baseline tests by adding its case here; what is particular to the provider's wire stays in the
 * case as data (never as a branch in the suite), and its quirks stay in its own test files.
 */

/** How a message to the undeliverable recipient ends, on this provider's wire. */
export type Undeliverable =
  /** Taken, then a FAILED status webhook with the provider's code names it. */
  | { webhook: { errorCode: string } }
  /** Refused at send with this kind; nothing reaches the recipient. */
  | { error: ConnectorErrorKind };

export interface MessagingCase<S extends ProviderSandbox = ProviderSandbox> extends BaselineCase<
  MessagingConnector,
  S
> {
  /** A new account, as a connection holds it (the sandbox's `createConnection()` when it has one). */
  connect(sandbox: S, env: CaseEnv): Promise<MadeConnection>;
  /** The connector has a lookup: a send whose answer is lost is found again, not failed. */
  reconciles: boolean;
  /** The request that sends a message, for injected faults. */
  sendRoute: NonNullable<Fault["match"]>;
  deliverable: string;
  undeliverable: { to: string; fails: Undeliverable };
  /** An outbound message of the provider's channel; its text carries the message id. */
  outbound(base: { messageId: string; to: string; statusCallbackUrl: string }): OutboundMessage;
  /** The statuses the success path's webhooks report, in any order (none: no webhooks). */
  statusWebhooks: readonly DeliveryStatus[];
  /** The provider's ids of the messages the sandbox accepted for `message` (count them). */
  sentIds(sandbox: S, connection: ConnectionHandle, message: OutboundMessage): string[];
}

/** Erases a case's sandbox type for the list: the suite only hands a case its own sandbox. */
function messagingCase<S extends ProviderSandbox>(c: MessagingCase<S>): MessagingCase {
  return c as unknown as MessagingCase;
}

function refreshesPerCatalog(provider: ProviderKey): boolean {
  const spec: ProviderSpec = PROVIDERS[provider];
  return (spec.oauth?.refresh ?? "none") !== "none";
}

/**
 * The sandbox's `createConnection()` when it has one (and, when `needs` is given, its connection
 * holds that secret), else the case's own way of making an account.
 */
async function preferSandbox(
  sandbox: ProviderSandbox,
  fallback: () => MadeConnection | Promise<MadeConnection>,
  needs?: string,
): Promise<MadeConnection> {
  const made = sandbox.createConnection?.();
  return made && (!needs || made.secrets[needs]) ? made : fallback();
}

const text = (base: { messageId: string; to: string; statusCallbackUrl: string }) => ({
  ...base,
  text: `Conformance check ${base.messageId}`,
});

const email = (base: { messageId: string; to: string; statusCallbackUrl: string }) => ({
  ...text(base),
  subject: "Conformance check",
  html: `<p>Conformance check <b>${base.messageId}</b></p>`,
});

/** Swaps in new values for some headers of a webhook. */
function withHeaders(request: WebhookRequest, headers: Record<string, string>): WebhookRequest {
  return { ...request, headers: { ...request.headers, ...headers } };
}

const notTheSecret = () => randomBytes(24).toString("hex");

const TWILIO = messagingCase<TwilioSandbox>({
  provider: "twilio",
  connector: twilioConnector,
  factory: createTwilioSandbox,
  connect: sandbox =>
    preferSandbox(sandbox, () => {
      const account = sandbox.createAccount();
      return {
        secrets: { authToken: account.authToken },
        settings: { accountSid: account.accountSid, fromNumber: account.fromNumber },
      };
    }),
  accessSecret: "authToken",
  refreshes: refreshesPerCatalog("twilio"),
  reconciles: true,
  sendRoute: { method: "POST", path: "/Messages.json" },
  deliverable: "+14155550123",
  // The sandbox's magic failing number: taken (201), then undelivered with 30003.
  undeliverable: { to: "+14155559999", fails: { webhook: { errorCode: "30003" } } },
  outbound: text,
  // SMS has no read receipts.
  statusWebhooks: ["SENT", "DELIVERED"],
  sentIds: (sandbox, connection, message) =>
    sandbox
      .sentMessages(connection.settings.accountSid)
      .filter(sent => sent.body === message.text)
      .map(sent => sent.sid),
  signing: {
    headers: ["x-twilio-signature"],
    forge: request =>
      withHeaders(request, {
        "x-twilio-signature": signTwilio(
          notTheSecret(),
          request.url,
          Object.fromEntries(new URLSearchParams(request.rawBody.toString("utf8"))),
        ),
      }),
  },
  // Twilio auth tokens do not expire: the sandbox renders an expiry as the token rotated away
  // (401, 20003), which is for good until the user enters the new token.
  wire: { AUTH_EXPIRED: "AUTH_REVOKED" },
});

const WHATSAPP = messagingCase<WhatsappSandbox>({
  provider: "whatsapp",
  connector: whatsappConnector,
  factory: createWhatsappSandbox,
  connect: sandbox =>
    preferSandbox(sandbox, () => {
      const account = sandbox.createAccount();
      return {
        secrets: { accessToken: account.accessToken },
        settings: { phoneNumberId: account.phoneNumberId, wabaId: account.wabaId },
      };
    }),
  accessSecret: "accessToken",
  // System-user tokens have no refresh: an expired one stays AUTH_EXPIRED until a new one is issued.
  refreshes: refreshesPerCatalog("whatsapp"),
  // The Cloud API cannot look a message up: a lost answer is UNKNOWN_OUTCOME until its webhook.
  reconciles: false,
  sendRoute: { method: "POST", path: /\/messages$/ },
  deliverable: "15550102001",
  undeliverable: { to: "15550109999", fails: { webhook: { errorCode: "131026" } } },
  outbound: text,
  statusWebhooks: ["SENT", "DELIVERED", "READ"],
  sentIds: (sandbox, _connection, message) =>
    sandbox.accepted
      .filter(accepted => accepted.bizOpaqueCallbackData === message.messageId)
      .map(accepted => accepted.id),
  signing: {
    headers: ["x-hub-signature-256"],
    forge: request =>
      withHeaders(request, { "x-hub-signature-256": signMeta(notTheSecret(), request.rawBody) }),
  },
});

/** Installs the app in the sandbox's workspace through OAuth v2: a rotating token pair. */
async function slackInstall(env: CaseEnv): Promise<MadeConnection> {
  const redirectUri = "https://crosscast.test/oauth/callback";
  const consent = await fetch(
    buildAuthorizeUrl(env.config, { state: "conformance", redirectUri }),
    {
      redirect: "manual",
    },
  );
  const code = new URL(consent.headers.get("location") ?? "", "http://x").searchParams.get("code");
  if (!code) {
    throw new Error(`the Slack sandbox's consent gave no code (HTTP ${consent.status})`);
  }
  const tokens = await exchangeCode(env.grant(), { code, redirectUri });
  return { secrets: tokensToSecrets(tokens), settings: { ...tokens.extra } };
}

const SLACK = messagingCase<SlackSandbox>({
  provider: "slack",
  connector: slackConnector,
  factory: createSlackSandbox,
  // The suite refreshes Slack tokens, so the connection needs the rotating refresh token.
  connect: (sandbox, env) => preferSandbox(sandbox, () => slackInstall(env), "refreshToken"),
  accessSecret: "accessToken",
  refreshes: refreshesPerCatalog("slack"),
  // By the metadata carrying our id, in conversations.history (a conversation id recipient).
  reconciles: true,
  sendRoute: { method: "POST", path: "/api/chat.postMessage" },
  // #general of the sandbox's workspace, where the bot is a member.
  deliverable: "C0SANDBOX01",
  // Slack has no delivery receipts: a channel that does not exist is refused at once.
  undeliverable: { to: "C0NOSUCH01", fails: { error: "INVALID_REQUEST" } },
  outbound: text,
  // message_metadata_posted echoes our id; Slack reports nothing after the post.
  statusWebhooks: ["SENT"],
  sentIds: (sandbox, _connection, message) =>
    sandbox.posted
      .filter(post => {
        const payload = post.metadata?.event_payload;
        return (
          typeof payload === "object" &&
          payload !== null &&
          "message_id" in payload &&
          payload.message_id === message.messageId
        );
      })
      .map(post => `${post.channel}:${post.ts}`),
  signing: {
    headers: ["x-slack-signature", "x-slack-request-timestamp"],
    forge: request => {
      const timestamp = Math.floor(Date.now() / 1000);
      return withHeaders(request, {
        "x-slack-request-timestamp": String(timestamp),
        "x-slack-signature": signSlack(notTheSecret(), timestamp, request.rawBody.toString("utf8")),
      });
    },
  },
});

let gmailAccounts = 0;

const GMAIL = messagingCase<GmailSandbox>({
  provider: "gmail",
  connector: gmailConnector,
  factory: createGmailSandbox,
  connect: sandbox =>
    preferSandbox(
      sandbox,
      () => {
        gmailAccounts += 1;
        const account = sandbox.createAccount({
          emailAddress: `conformance${gmailAccounts}@crosscast-sandbox.test`,
        });
        return { secrets: { ...account.secrets }, settings: { ...account.settings } };
      },
      "refreshToken",
    ),
  accessSecret: "accessToken",
  refreshes: refreshesPerCatalog("gmail"),
  // By the Message-ID made from our id (rfc822msgid: search).
  reconciles: true,
  sendRoute: { method: "POST", path: "/messages/send" },
  deliverable: "reader@example.com",
  // A bounce comes back as mail in the sender's inbox, not as an event (gmail.mailbox.test.ts):
  // what the suite can hold Gmail to is refusing an address that is not one.
  undeliverable: { to: "not-an-address", fails: { error: "INVALID_REQUEST" } },
  outbound: email,
  // Gmail sends no webhooks (Pub/Sub push is out of scope): a sent message stays SENT.
  statusWebhooks: [],
  sentIds: (sandbox, _connection, message) =>
    sandbox.sent
      .filter(sent => sent.messageId === gmailMessageId(message.messageId))
      .map(sent => sent.id),
  // Google answers a call with a revoked grant 401 like an expired token's; through the runtime
  // the refresh is then refused (invalid_grant): AUTH_REVOKED, and the refresher marks the
  // connection REFRESH_FAILED.
  wire: { AUTH_REVOKED: "AUTH_EXPIRED" },
  revokedStatus: "REFRESH_FAILED",
});

/** A P-256 key SendGrid never issued: what a forger signs with. */
const FORGER_KEY = generateKeyPairSync("ec", { namedCurve: "P-256" })
  .privateKey.export({ type: "pkcs8", format: "pem" })
  .toString();

const SENDGRID = messagingCase<SendgridSandbox>({
  provider: "sendgrid",
  connector: sendgridConnector,
  factory: createSendgridSandbox,
  connect: sandbox =>
    preferSandbox(sandbox, () => {
      const account = sandbox.createAccount();
      return {
        secrets: { apiKey: account.apiKey },
        settings: { fromEmail: account.fromEmail, fromName: "Crosscast Conformance" },
      };
    }),
  accessSecret: "apiKey",
  refreshes: refreshesPerCatalog("sendgrid"),
  // SendGrid cannot find a message again: a lost answer is UNKNOWN_OUTCOME until its events.
  reconciles: false,
  sendRoute: { method: "POST", path: "/v3/mail/send" },
  deliverable: "reader@example.com",
  undeliverable: { to: "bounce@example.com", fails: { webhook: { errorCode: "5.1.1" } } },
  outbound: email,
  // processed, delivered, open.
  statusWebhooks: ["SENT", "DELIVERED", "READ"],
  sentIds: (sandbox, _connection, message) =>
    sandbox.sent
      .filter(mail => mail.customArgs[MESSAGE_ID_ARG] === message.messageId)
      .map(mail => mail.xMessageId),
  signing: {
    headers: [SENDGRID_SIGNATURE],
    forge: request =>
      withHeaders(request, {
        [SENDGRID_SIGNATURE]: signSendGrid(
          FORGER_KEY,
          request.headers[SENDGRID_TIMESTAMP] ?? "",
          request.rawBody,
        ),
      }),
  },
  // API keys never expire: the sandbox renders an expiry as the key deleted (401), for good.
  wire: { AUTH_EXPIRED: "AUTH_REVOKED" },
});

export const MESSAGING_CASES: readonly MessagingCase[] = [TWILIO, WHATSAPP, SLACK, GMAIL, SENDGRID];
