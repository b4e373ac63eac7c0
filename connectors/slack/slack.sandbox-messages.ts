import { isRecord, parseJson, str, type JsonRecord } from "../kit/json.js";
import type { SandboxReply } from "../sandbox/sandbox.js";
import { missingScope, rateLimited, slackError, slackOk } from "./slack.sandbox-errors.js";
import {
  SANDBOX_APP_ID,
  type AuthorizedCall,
  type SandboxChannel,
  type SlackCall,
  type SlackSandboxDeps,
} from "./slack.sandbox-state.js";
import { sendMetadataPosted } from "./slack.sandbox-webhooks.js";

/** chat.postMessage truncates past this; the sandbox refuses instead, with Slack's own code. */
const MAX_TEXT = 40_000;

function postable(channel: SandboxChannel | undefined): string | SandboxChannel {
  if (!channel) {
    return "channel_not_found";
  }
  if (channel.archived) {
    return "is_archived";
  }
  return channel.member ? channel : "not_in_channel";
}

/** https://docs.slack.dev/reference/methods/chat.postMessage (form or JSON; text, metadata). */
export function postMessage(deps: SlackSandboxDeps, auth: AuthorizedCall): SandboxReply {
  const { call, workspace } = auth;
  const refused = missingScope(auth.grant.scopes, "chat:write");
  if (refused) {
    return refused;
  }
  const target = postable(deps.state.findChannel(workspace, call.args.get("channel") ?? ""));
  if (typeof target === "string") {
    return slackError(target);
  }
  const text = call.args.get("text") ?? "";
  if (text.trim() === "") {
    return slackError("no_text");
  }
  if (text.length > MAX_TEXT) {
    return slackError("msg_too_long");
  }
  // Metadata is a JSON object (JSON text in a form) of `{event_type, event_payload}`; Slack's code
  // for anything else is unverified ("invalid_metadata_format").
  const given = call.args.get("metadata");
  const meta = given === null ? undefined : parseJson(given);
  const valid =
    isRecord(meta) && typeof meta.event_type === "string" && isRecord(meta.event_payload);
  const metadata = valid ? meta : undefined;
  if (given !== null && !metadata) {
    return slackError("invalid_metadata_format");
  }
  if (!deps.state.admitPost(target.id)) {
    return rateLimited(1);
  }
  const ts = deps.state.nextTs();
  const message: JsonRecord = {
    user: workspace.botUserId,
    type: "message",
    ts,
    bot_id: workspace.botId,
    app_id: SANDBOX_APP_ID,
    text,
    team: workspace.id,
    ...(metadata ? { metadata } : {}),
  };
  target.messages.push(message);
  deps.state.posted.push({
    teamId: workspace.id,
    channel: target.id,
    ts,
    text,
    ...(metadata ? { metadata } : {}),
    encoding: call.encoding,
    tokenIn: call.tokenIn ?? "header",
  });
  if (metadata) {
    sendMetadataPosted(deps.env, workspace, { channel: target.id, ts, metadata });
  }
  return slackOk({ channel: target.id, ts, message }, call.warnings);
}

/** Booleans arrive as "true" or "1" (JSON booleans as their text). */
function flag(call: SlackCall, key: string): boolean {
  return ["true", "1"].includes(call.args.get(key) ?? "");
}

const HISTORY_SCOPE: Record<string, string> = {
  C: "channels:history",
  G: "groups:history",
  D: "im:history",
};

/** A Slack timestamp in microseconds, compared exactly (doubles lose the last digits). */
function micros(ts: string | null | undefined): bigint | undefined {
  const match = /^(\d+)(?:\.(\d{1,6}))?$/.exec(ts ?? "");
  return match
    ? BigInt(match[1]!) * 1_000_000n + BigInt((match[2] ?? "").padEnd(6, "0"))
    : undefined;
}

/** Cursors are opaque to clients; Slack's are base64 of `next_ts:<ts>`. */
const cursorOf = (ts: string) => Buffer.from(`next_ts:${ts}`).toString("base64");

function tsOfCursor(cursor: string): string | undefined {
  return /^next_ts:(\d+\.\d{6})$/.exec(Buffer.from(cursor, "base64").toString("utf8"))?.[1];
}

/** https://docs.slack.dev/reference/methods/conversations.history (newest first, cursors). */
export function conversationsHistory(deps: SlackSandboxDeps, auth: AuthorizedCall): SandboxReply {
  const { call } = auth;
  const id = call.args.get("channel") ?? "";
  const refused = missingScope(
    auth.grant.scopes,
    HISTORY_SCOPE[id.charAt(0)] ?? "channels:history",
  );
  if (refused) {
    return refused;
  }
  const channel = deps.state.findChannelById(auth.workspace.id, id);
  if (!channel || !channel.member) {
    return slackError(channel ? "not_in_channel" : "channel_not_found");
  }
  const cursor = call.args.get("cursor");
  const before = cursor ? tsOfCursor(cursor) : undefined;
  if (cursor && !before) {
    return slackError("invalid_cursor");
  }
  const inclusive = flag(call, "inclusive");
  const oldest = micros(call.args.get("oldest")) ?? 0n;
  const latest = micros(call.args.get("latest"));
  const until = micros(before);
  const limit = Math.min(999, Math.max(1, Number(call.args.get("limit") ?? 100) || 100));
  const withMetadata = flag(call, "include_all_metadata");
  const matching = channel.messages
    .filter(message => {
      const ts = micros(str(message, "ts")) ?? 0n;
      const afterOldest = inclusive ? ts >= oldest : ts > oldest;
      const beforeLatest = latest === undefined || (inclusive ? ts <= latest : ts < latest);
      return afterOldest && beforeLatest && (until === undefined || ts < until);
    })
    .reverse();
  const page = matching.slice(0, limit).map(message => {
    const { metadata, ...rest } = message;
    return withMetadata && metadata !== undefined ? message : rest;
  });
  const hasMore = matching.length > limit;
  const last = page.at(-1);
  return slackOk(
    {
      messages: page,
      has_more: hasMore,
      pin_count: 0,
      channel_actions_ts: null,
      channel_actions_count: 0,
      response_metadata: {
        next_cursor: hasMore && last ? cursorOf(str(last, "ts") ?? "") : "",
      },
    },
    call.warnings,
  );
}
