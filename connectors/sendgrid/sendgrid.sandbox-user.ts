import { randomUUID } from "node:crypto";
import { bool, isRecord, parseJson, str, type JsonRecord } from "../kit/json.js";
import type { SandboxReply, SandboxRequest } from "../sandbox/sandbox.js";
import { BAD_REQUEST, CONTENT_TYPE_JSON, errorReply, oneError } from "./sendgrid.sandbox-errors.js";
import type { Caller, EventWebhookConfig } from "./sendgrid.sandbox-state.js";

/**
 * The user resources the connector calls: the key's scopes, the username, and the account's Event
 * Webhook settings and signing (https://www.twilio.com/docs/sendgrid/api-reference/webhooks).
 */

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

/** A JSON object body, or SendGrid's refusal of it (415 for another type, 400 for broken JSON). */
function readJson(request: SandboxRequest): { body: JsonRecord } | { refusal: SandboxReply } {
  if (!(request.headers["content-type"] ?? "").toLowerCase().startsWith("application/json")) {
    return { refusal: errorReply(415, oneError(CONTENT_TYPE_JSON)) };
  }
  const body = parseJson(request.rawBody.toString("utf8"));
  return isRecord(body) ? { body } : { refusal: errorReply(400, oneError(BAD_REQUEST)) };
}

/** `GET /v3/scopes` (any live key may read its own scopes). */
export const listScopes = (caller: Caller) => ok({ scopes: [...caller.scopes] });

/** `GET /v3/user/username`. */
export const getUsername = ({ account }: Caller) =>
  ok({ username: account.username, user_id: account.userId });

/** `PATCH /v3/user/webhooks/event/settings`: the account's (oldest) Event Webhook. */
export function updateEventSettings(request: SandboxRequest, { account }: Caller): SandboxReply {
  const read = readJson(request);
  if ("refusal" in read) {
    return read.refusal;
  }
  const { body } = read;
  const url = str(body, "url") ?? account.webhook?.url;
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
  webhook.enabled = bool(body, "enabled") ?? webhook.enabled;
  webhook.url = url ?? "";
  for (const flag of EVENT_FLAGS) {
    webhook.flags[flag] = bool(body, flag) ?? webhook.flags[flag] ?? false;
  }
  if (webhook.enabled && !webhook.url) {
    return errorReply(400, [{ message: "a url is required to enable the webhook", field: "url" }]);
  }
  account.webhook = webhook;
  return ok({ enabled: webhook.enabled, url: webhook.url, ...webhook.flags, id: webhook.id });
}

/** `PATCH /v3/user/webhooks/event/settings/signed`: signing on or off, and the public key. */
export function toggleSigning(request: SandboxRequest, { account }: Caller): SandboxReply {
  const read = readJson(request);
  if ("refusal" in read) {
    return read.refusal;
  }
  const { body } = read;
  const enabled = bool(body, "enabled");
  if (enabled === undefined) {
    return errorReply(400, [{ message: "enabled is required", field: "enabled" }]);
  }
  const webhook = account.webhook;
  if (!webhook) {
    // Without an id SendGrid acts on the oldest webhook; with none there is nothing to sign.
    return errorReply(404, [{ message: "Invalid id provided.", field: null }]);
  }
  webhook.signed = enabled;
  return ok({ id: webhook.id, public_key: enabled ? account.signingKey.publicKeyBase64 : "" });
}
