import { ConnectorError, type ConnectorErrorKind } from "../kit/connector-error.js";

/**
 * Typed readers for Slack Web API answers (https://docs.slack.dev/reference/methods). Every
 * method answers JSON `{ok, error?, warning?, response_metadata?}` plus its own fields; these
 * functions check the fields Crosscast relies on and never cast provider JSON.
 */
export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function stringField(record: JsonRecord, key: string): string | undefined {
  const value = record[key];
  return typeof value === "string" && value !== "" ? value : undefined;
}

function malformed(kind: ConnectorErrorKind, what: string): ConnectorError {
  return new ConnectorError(kind, `slack answered ${what} without the expected fields`, {
    provider: "slack",
  });
}

/** The envelope every Web API answer carries. */
export interface SlackEnvelope {
  ok: boolean;
  error?: string;
}

export function readEnvelope(body: unknown): SlackEnvelope | undefined {
  if (!isRecord(body) || typeof body.ok !== "boolean") {
    return undefined;
  }
  const error = stringField(body, "error");
  return { ok: body.ok, ...(error ? { error } : {}) };
}

/** Message metadata: `{event_type, event_payload}` (https://docs.slack.dev/messaging/message-metadata). */
export interface MessageMetadata {
  eventType: string;
  payload: JsonRecord;
}

export function readMetadata(value: unknown): MessageMetadata | undefined {
  if (!isRecord(value)) {
    return undefined;
  }
  const eventType = stringField(value, "event_type");
  const payload = value.event_payload;
  return eventType && isRecord(payload) ? { eventType, payload } : undefined;
}

/** `auth.test`: `{ok, url, team, user, team_id, user_id, bot_id?}`. */
export interface AuthTestResult {
  teamId: string;
  team: string;
  url?: string;
  userId?: string;
  botId?: string;
}

export function parseAuthTest(body: unknown): AuthTestResult {
  const record = isRecord(body) ? body : {};
  const teamId = stringField(record, "team_id");
  if (!teamId) {
    throw malformed("UNAVAILABLE", "auth.test");
  }
  const url = stringField(record, "url");
  const userId = stringField(record, "user_id");
  const botId = stringField(record, "bot_id");
  return {
    teamId,
    team: stringField(record, "team") ?? teamId,
    ...(url ? { url } : {}),
    ...(userId ? { userId } : {}),
    ...(botId ? { botId } : {}),
  };
}

/** `chat.postMessage`: `{ok, channel, ts, message}`; `ts` identifies the message in its channel. */
export interface PostedMessage {
  channel: string;
  ts: string;
  message?: JsonRecord;
}

export function parsePostMessage(body: unknown): PostedMessage {
  const record = isRecord(body) ? body : {};
  const channel = stringField(record, "channel");
  const ts = stringField(record, "ts");
  if (!channel || !ts) {
    // Slack said ok but named no message: it may exist, so the outcome is unknown.
    throw malformed("UNKNOWN_OUTCOME", "chat.postMessage");
  }
  return { channel, ts, ...(isRecord(record.message) ? { message: record.message } : {}) };
}

/** One message of `conversations.history` (only what reconciliation reads). */
export interface HistoryMessage {
  ts: string;
  metadata?: MessageMetadata;
  raw: JsonRecord;
}

export interface HistoryPage {
  messages: HistoryMessage[];
  /** `response_metadata.next_cursor`; "" (or absent) on the last page. */
  nextCursor: string;
  hasMore: boolean;
}

export function parseHistoryPage(body: unknown): HistoryPage {
  const record = isRecord(body) ? body : {};
  if (!Array.isArray(record.messages)) {
    throw malformed("UNAVAILABLE", "conversations.history");
  }
  const messages: HistoryMessage[] = [];
  for (const item of record.messages) {
    const ts = isRecord(item) ? stringField(item, "ts") : undefined;
    if (isRecord(item) && ts) {
      const metadata = readMetadata(item.metadata);
      messages.push({ ts, raw: item, ...(metadata ? { metadata } : {}) });
    }
  }
  const meta = isRecord(record.response_metadata) ? record.response_metadata : {};
  return {
    messages,
    nextCursor: stringField(meta, "next_cursor") ?? "",
    hasMore: record.has_more === true,
  };
}

/**
 * What `oauth.v2.access` adds to the standard token fields (`{ok, access_token, token_type:"bot",
 * scope, bot_user_id, app_id, team:{id,name}, enterprise, authed_user, refresh_token?,
 * expires_in?}`, the standard ones read by the kit): the team and the bot user, when present.
 */
export function parseTokenGrantTeam(body: unknown): Record<string, string> {
  const record = isRecord(body) ? body : {};
  const team = isRecord(record.team) ? record.team : {};
  const teamId = stringField(team, "id");
  const teamName = stringField(team, "name");
  const botUserId = stringField(record, "bot_user_id");
  return {
    ...(teamId ? { teamId } : {}),
    ...(teamName ? { teamName } : {}),
    ...(botUserId ? { botUserId } : {}),
  };
}
