import {
  bool,
  int,
  isRecord,
  num,
  parseJson,
  records,
  str,
  strings,
  type JsonRecord,
} from "../kit/json.js";

/**
 * Parsers of SendGrid v3's raw answers and Event Webhook posts, on the kit's JSON readers: each
 * checks what it uses and answers undefined (or skips an entry) when SendGrid sent something else.
 */

/** `GET /v3/scopes` → `{ scopes: string[] }`. */
export function parseScopes(body: unknown): string[] | undefined {
  return isRecord(body) && Array.isArray(body.scopes) ? strings(body.scopes) : undefined;
}

export interface SendgridUser {
  username: string;
  userId: string;
}

/** `GET /v3/user/username` → `{ username, user_id }` (user_id is an integer on the wire). */
export function parseUsername(body: unknown): SendgridUser | undefined {
  if (!isRecord(body)) {
    return undefined;
  }
  const username = str(body, "username");
  const userId = int(body, "user_id");
  return username && userId !== undefined ? { username, userId: String(userId) } : undefined;
}

/** `PATCH /v3/user/webhooks/event/settings/signed` → `{ id, public_key }`. */
export function parseSignedWebhook(body: unknown): { publicKey: string } | undefined {
  const publicKey = isRecord(body) ? str(body, "public_key") : undefined;
  return publicKey ? { publicKey } : undefined;
}

export interface EventWebhookSettings {
  enabled: boolean;
  url: string;
}

/** `PATCH /v3/user/webhooks/event/settings` → the webhook's settings. */
export function parseEventWebhookSettings(body: unknown): EventWebhookSettings | undefined {
  const enabled = isRecord(body) ? bool(body, "enabled") : undefined;
  return isRecord(body) && enabled !== undefined
    ? { enabled, url: str(body, "url") ?? "" }
    : undefined;
}

/** `POST /v3/mail/send` answers 202 with no body: the message's id is the X-Message-Id header. */
export function parseMessageId(headers: Headers): string | undefined {
  return headers.get("x-message-id") || undefined;
}

export interface SendgridErrorEntry {
  message?: string;
  field?: string;
}

/** SendGrid's error body: `{ errors: [{ message, field, help }] }`; `field` is often null. */
export function parseErrors(body: unknown): SendgridErrorEntry[] {
  return records(isRecord(body) ? body.errors : undefined).map(entry => {
    const message = str(entry, "message");
    const field = str(entry, "field");
    return {
      ...(message ? { message } : {}),
      ...(field && field !== "null" ? { field } : {}),
    };
  });
}

/** One Event Webhook event. Custom args arrive as extra top-level keys, kept in `raw`. */
export interface SendgridEvent {
  event: string;
  email: string;
  sgEventId: string;
  sgMessageId?: string;
  timestamp?: number;
  reason?: string;
  status?: string;
  type?: string;
  raw: JsonRecord;
}

function parseEvent(entry: JsonRecord): SendgridEvent | undefined {
  const event = str(entry, "event");
  const email = str(entry, "email");
  const sgEventId = str(entry, "sg_event_id");
  if (!event || !email || !sgEventId) {
    return undefined;
  }
  const sgMessageId = str(entry, "sg_message_id");
  const timestamp = num(entry, "timestamp");
  const reason = str(entry, "reason");
  const status = str(entry, "status");
  const type = str(entry, "type");
  return {
    event,
    email,
    sgEventId,
    ...(sgMessageId ? { sgMessageId } : {}),
    ...(timestamp !== undefined ? { timestamp } : {}),
    ...(reason ? { reason } : {}),
    ...(status ? { status } : {}),
    ...(type ? { type } : {}),
    raw: entry,
  };
}

/** The Event Webhook body: a JSON array of events. Entries we cannot read are skipped. */
export function parseEventBatch(rawBody: string): SendgridEvent[] {
  return records(parseJson(rawBody)).flatMap(entry => parseEvent(entry) ?? []);
}

/** A custom arg echoed on an event, when it is text. */
export function customArg(event: SendgridEvent, name: string): string | undefined {
  return str(event.raw, name);
}
