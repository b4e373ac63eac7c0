/**
 * Typed readers for SendGrid's raw JSON. Nothing here trusts a shape: each reader checks what it
 * uses and answers undefined (or skips an entry) when the provider sent something else.
 */

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** `GET /v3/scopes` → `{ scopes: string[] }`. */
export function parseScopes(body: unknown): string[] | undefined {
  if (!isRecord(body) || !Array.isArray(body.scopes)) {
    return undefined;
  }
  return body.scopes.filter((scope): scope is string => typeof scope === "string");
}

/** `GET /v3/user/username` → `{ username, user_id }` (user_id is an integer on the wire). */
export function parseUsername(body: unknown): { username: string; userId: string } | undefined {
  if (!isRecord(body)) {
    return undefined;
  }
  const username = text(body.username);
  const id = body.user_id;
  const userId = typeof id === "number" && Number.isFinite(id) ? String(id) : text(id);
  return username && userId ? { username, userId } : undefined;
}

/** `PATCH /v3/user/webhooks/event/settings/signed` → `{ id, public_key }`. */
export function parseSignedWebhook(body: unknown): { publicKey: string } | undefined {
  const publicKey = isRecord(body) ? text(body.public_key) : undefined;
  return publicKey ? { publicKey } : undefined;
}

/** `PATCH /v3/user/webhooks/event/settings` → the webhook's settings. */
export function parseEventWebhookSettings(
  body: unknown,
): { enabled: boolean; url: string } | undefined {
  if (!isRecord(body) || typeof body.enabled !== "boolean") {
    return undefined;
  }
  return { enabled: body.enabled, url: text(body.url) ?? "" };
}

export interface SendgridErrorEntry {
  message?: string;
  field?: string;
}

/** SendGrid's error body: `{ errors: [{ message, field, help }] }`; `field` is often null. */
export function parseErrors(body: unknown): SendgridErrorEntry[] {
  if (!isRecord(body) || !Array.isArray(body.errors)) {
    return [];
  }
  return body.errors.filter(isRecord).map(entry => {
    const message = text(entry.message);
    const field = text(entry.field);
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

function parseEvent(entry: unknown): SendgridEvent | undefined {
  if (!isRecord(entry)) {
    return undefined;
  }
  const event = text(entry.event);
  const email = text(entry.email);
  const sgEventId = text(entry.sg_event_id);
  if (!event || !email || !sgEventId) {
    return undefined;
  }
  const sgMessageId = text(entry.sg_message_id);
  const reason = text(entry.reason);
  const status = text(entry.status);
  const type = text(entry.type);
  return {
    event,
    email,
    sgEventId,
    ...(sgMessageId ? { sgMessageId } : {}),
    ...(typeof entry.timestamp === "number" ? { timestamp: entry.timestamp } : {}),
    ...(reason ? { reason } : {}),
    ...(status ? { status } : {}),
    ...(type ? { type } : {}),
    raw: entry,
  };
}

/** The Event Webhook body: a JSON array of events. Entries we cannot read are skipped. */
export function parseEventBatch(rawBody: string): SendgridEvent[] {
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    return [];
  }
  if (!Array.isArray(body)) {
    return [];
  }
  return body.map(parseEvent).filter((event): event is SendgridEvent => event !== undefined);
}

/** A custom arg echoed on an event, when it is text. */
export function customArg(event: SendgridEvent, name: string): string | undefined {
  return text(event.raw[name]);
}
