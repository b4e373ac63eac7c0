import { bool, isRecord, rec, records, str, type JsonRecord } from "../kit/json.js";

/**
 * Typed readers for Slack Web API answers (https://docs.slack.dev/reference/methods). Every
 * method answers JSON `{ok, error?, warning?, response_metadata?}` plus its own fields. A parser
 * returns undefined when a field Crosscast relies on is missing (an empty id or timestamp counts
 * as missing), and the client turns that into the taxonomy's kind.
 */
/** The envelope every Web API answer carries. */
export interface SlackEnvelope {
  ok: boolean;
  error?: string;
}

export function readEnvelope(body: unknown): SlackEnvelope | undefined {
  const ok = isRecord(body) ? bool(body, "ok") : undefined;
  if (ok === undefined || !isRecord(body)) {
    return undefined;
  }
  const error = str(body, "error");
  return { ok, ...(error ? { error } : {}) };
}

/** Message metadata: `{event_type, event_payload}` (https://docs.slack.dev/messaging/message-metadata). */
export interface MessageMetadata {
  eventType: string;
  payload: JsonRecord;
}

export function readMetadata(value: unknown): MessageMetadata | undefined {
  const eventType = isRecord(value) ? str(value, "event_type") : undefined;
  const payload = isRecord(value) ? rec(value, "event_payload") : undefined;
  return eventType && payload ? { eventType, payload } : undefined;
}

/** `auth.test`: `{ok, url, team, user, team_id, user_id, bot_id?}`. */
export interface AuthTestResult {
  teamId: string;
  team: string;
  url?: string;
  userId?: string;
  botId?: string;
}

export function parseAuthTest(body: unknown): AuthTestResult | undefined {
  const teamId = isRecord(body) ? str(body, "team_id") : undefined;
  if (!isRecord(body) || !teamId) {
    return undefined;
  }
  const url = str(body, "url");
  const userId = str(body, "user_id");
  const botId = str(body, "bot_id");
  return {
    teamId,
    team: str(body, "team") || teamId,
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

export function parsePostMessage(body: unknown): PostedMessage | undefined {
  const record = isRecord(body) ? body : {};
  const channel = str(record, "channel");
  const ts = str(record, "ts");
  const message = rec(record, "message");
  return channel && ts ? { channel, ts, ...(message ? { message } : {}) } : undefined;
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

export function parseHistoryPage(body: unknown): HistoryPage | undefined {
  if (!isRecord(body) || !Array.isArray(body.messages)) {
    return undefined;
  }
  const messages: HistoryMessage[] = [];
  for (const item of records(body.messages)) {
    const ts = str(item, "ts");
    const metadata = readMetadata(item.metadata);
    if (ts) {
      messages.push({ ts, raw: item, ...(metadata ? { metadata } : {}) });
    }
  }
  return {
    messages,
    nextCursor: str(rec(body, "response_metadata") ?? {}, "next_cursor") ?? "",
    hasMore: bool(body, "has_more") === true,
  };
}

/**
 * What `oauth.v2.access` adds to the standard token fields (`{ok, access_token, token_type:"bot",
 * scope, bot_user_id, app_id, team:{id,name}, enterprise, authed_user, refresh_token?,
 * expires_in?}`, the standard ones read by the kit): the team and the bot user, when present.
 */
export function parseTokenGrantTeam(body: unknown): Record<string, string> {
  const record = isRecord(body) ? body : {};
  const team = rec(record, "team") ?? {};
  const teamId = str(team, "id");
  const teamName = str(team, "name");
  const botUserId = str(record, "bot_user_id");
  return {
    ...(teamId ? { teamId } : {}),
    ...(teamName ? { teamName } : {}),
    ...(botUserId ? { botUserId } : {}),
  };
}

/** A `url_verification` body's challenge, which the Request URL must echo. */
export function parseUrlVerification(body: unknown): string | undefined {
  return isRecord(body) && body.type === "url_verification" ? str(body, "challenge") : undefined;
}
