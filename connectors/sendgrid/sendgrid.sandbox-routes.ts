import { randomBytes, randomUUID } from "node:crypto";
import {
  jsonBody,
  type SandboxEnvironment,
  type SandboxReply,
  type SandboxRequest,
} from "../sandbox/sandbox.js";
import { emitMailEvents, type RecipientMessage } from "./sendgrid.sandbox-events.js";
import { readMailSend } from "./sendgrid.sandbox-mail.js";
import {
  BAD_REQUEST,
  CONTENT_TYPE_JSON,
  errorReply,
  oneError,
} from "./sendgrid.sandbox-replies.js";
import type {
  AcceptedMail,
  EventWebhookConfig,
  SandboxAccount,
  SandboxKey,
} from "./sendgrid.sandbox-state.js";
import { isRecord, type JsonRecord } from "./sendgrid.schemas.js";

/** Everything the routes touch, owned by one sandbox instance. */
export interface RouteState {
  env: SandboxEnvironment;
  sent: AcceptedMail[];
  /** The last message each account sent each address (`<userId>:<email>`), for opt-out events. */
  lastMessages: Map<string, RecipientMessage>;
}

export interface Route {
  /** The scope the key needs, as `GET /v3/scopes` lists it; none for /v3/scopes itself. */
  scope?: string;
  handle(request: SandboxRequest, key: SandboxKey, state: RouteState): SandboxReply;
}

/** Flags the Event Webhook settings know, all off until set. */
const EVENT_FLAGS = [
  "processed",
  "delivered",
  "open",
  "bounce",
  "dropped",
  "deferred",
  "click",
  "unsubscribe",
  "group_unsubscribe",
  "group_resubscribe",
  "spam_report",
] as const;

function ok(body: unknown): SandboxReply {
  return { status: 200, headers: { "content-type": "application/json" }, body };
}

/** A JSON body, or SendGrid's refusal of it (415 for another type, 400 for broken JSON). */
function readJson(
  request: SandboxRequest,
): { body: JsonRecord; refusal?: undefined } | { body?: undefined; refusal: SandboxReply } {
  if (!(request.headers["content-type"] ?? "").toLowerCase().startsWith("application/json")) {
    return { refusal: errorReply(415, oneError(CONTENT_TYPE_JSON)) };
  }
  let body: unknown;
  try {
    body = jsonBody(request);
  } catch {
    body = undefined;
  }
  return isRecord(body) ? { body } : { refusal: errorReply(400, oneError(BAD_REQUEST)) };
}

function settingsBody(webhook: EventWebhookConfig): JsonRecord {
  return { enabled: webhook.enabled, url: webhook.url, ...webhook.flags, id: webhook.id };
}

function updateSettings(request: SandboxRequest, key: SandboxKey): SandboxReply {
  const { body, refusal } = readJson(request);
  if (refusal) {
    return refusal;
  }
  const account: SandboxAccount = key.account;
  const url = typeof body.url === "string" ? body.url : account.webhook?.url;
  if (url !== undefined && url !== "" && !/^https?:\/\/[^\s/]+/.test(url)) {
    // The spec's own example of this refusal (400 "'<url>' is not a valid url").
    return errorReply(400, [{ message: `'${url}' is not a valid url`, field: "url" }]);
  }
  const webhook: EventWebhookConfig = account.webhook ?? {
    id: randomUUID(),
    enabled: false,
    url: "",
    flags: Object.fromEntries(EVENT_FLAGS.map(flag => [flag, false])),
    signed: false,
  };
  if (typeof body.enabled === "boolean") {
    webhook.enabled = body.enabled;
  }
  webhook.url = url ?? "";
  for (const flag of EVENT_FLAGS) {
    const value = body[flag];
    if (typeof value === "boolean") {
      webhook.flags[flag] = value;
    }
  }
  if (webhook.enabled && !webhook.url) {
    return errorReply(400, [{ message: "a url is required to enable the webhook", field: "url" }]);
  }
  account.webhook = webhook;
  return ok(settingsBody(webhook));
}

function toggleSigning(request: SandboxRequest, key: SandboxKey): SandboxReply {
  const { body, refusal } = readJson(request);
  if (refusal) {
    return refusal;
  }
  if (typeof body.enabled !== "boolean") {
    return errorReply(400, [{ message: "enabled is required", field: "enabled" }]);
  }
  const webhook = key.account.webhook;
  if (!webhook) {
    // Without an id SendGrid acts on the oldest webhook; with none there is nothing to sign.
    return errorReply(404, [{ message: "Invalid id provided.", field: null }]);
  }
  webhook.signed = body.enabled;
  return ok({
    id: webhook.id,
    public_key: webhook.signed ? key.account.signingKey.publicKeyBase64 : "",
  });
}

function sendMail(request: SandboxRequest, key: SandboxKey, state: RouteState): SandboxReply {
  const reading = readMailSend(request, key.account);
  if (!reading.ok) {
    return errorReply(reading.status, reading.errors);
  }
  const xMessageId = randomBytes(16).toString("base64url").slice(0, 22);
  const mail: AcceptedMail = {
    xMessageId,
    apiKey: key.apiKey,
    userId: key.account.userId,
    from: reading.from,
    recipients: reading.recipients,
    ...(reading.subject ? { subject: reading.subject } : {}),
    ...(reading.templateId ? { templateId: reading.templateId } : {}),
    customArgs: reading.customArgs,
    body: reading.body,
    acceptedAt: state.env.now(),
  };
  state.sent.push(mail);
  for (const [email, message] of emitMailEvents(state.env, key.account, mail)) {
    state.lastMessages.set(`${key.account.userId}:${email}`, message);
  }
  // 202 Accepted, no body, the id in X-Message-Id.
  return { status: 202, headers: { "X-Message-Id": xMessageId } };
}

/** The endpoints the connector uses, by path then method. */
export const ROUTES: Record<string, Record<string, Route>> = {
  "/v3/scopes": {
    GET: { handle: (_request, key) => ok({ scopes: [...key.scopes] }) },
  },
  "/v3/user/username": {
    GET: {
      scope: "user.username.read",
      handle: (_request, key) =>
        ok({ username: key.account.username, user_id: key.account.userId }),
    },
  },
  "/v3/user/webhooks/event/settings": {
    PATCH: { scope: "user.webhooks.event.settings.update", handle: updateSettings },
  },
  "/v3/user/webhooks/event/settings/signed": {
    // The scope of the signing toggle is not documented; the settings scope is assumed.
    PATCH: { scope: "user.webhooks.event.settings.update", handle: toggleSigning },
  },
  "/v3/mail/send": {
    POST: { scope: "mail.send", handle: sendMail },
  },
};
