import type { Grant, OAuthAuthority } from "../sandbox/oauth-authority.js";
import type { SandboxEnvironment, SandboxReply } from "../sandbox/sandbox.js";
import { sendMetadataPosted } from "./slack.sandbox-events.js";
import {
  SANDBOX_APP_ID,
  type SandboxChannel,
  type SandboxWorkspace,
  type SlackSandboxState,
} from "./slack.sandbox-state.js";
import {
  argFlag,
  argJson,
  argString,
  rateLimited,
  slackError,
  slackOk,
  type SlackCall,
} from "./slack.sandbox-web.js";
import { isRecord, type JsonRecord } from "./slack.schemas.js";

export interface SlackSandboxDeps {
  env: SandboxEnvironment;
  state: SlackSandboxState;
  authority: OAuthAuthority;
}

/** chat.postMessage truncates past this; the sandbox refuses instead, with Slack's own code. */
const MAX_TEXT = 40_000;

const TOKEN_ERRORS = {
  missing: "not_authed",
  invalid: "invalid_auth",
  expired: "token_expired",
  revoked: "token_revoked",
} as const;

type Authorized = { grant: Grant; workspace: SandboxWorkspace } | { reply: SandboxReply };

/** Slack's token checks, then the method's scope (`missing_scope` names needed and provided). */
export function authorizeCall(deps: SlackSandboxDeps, call: SlackCall, scope?: string): Authorized {
  const check = deps.authority.check(call.token);
  if (!check.ok) {
    return { reply: slackError(TOKEN_ERRORS[check.reason]) };
  }
  const workspace = deps.state.workspaces.get(check.grant.account);
  if (!workspace) {
    return { reply: slackError("account_inactive") };
  }
  if (scope && !check.grant.scopes.includes(scope)) {
    const provided = check.grant.scopes.join(",");
    return { reply: slackError("missing_scope", { needed: scope, provided }) };
  }
  return { grant: check.grant, workspace };
}

/** https://docs.slack.dev/reference/methods/auth.test */
export function authTest(deps: SlackSandboxDeps, call: SlackCall): SandboxReply {
  const auth = authorizeCall(deps, call);
  if ("reply" in auth) {
    return auth.reply;
  }
  const { workspace } = auth;
  return slackOk(
    {
      url: `https://${workspace.domain}.slack.com/`,
      team: workspace.name,
      user: "crosscast",
      team_id: workspace.id,
      user_id: workspace.botUserId,
      bot_id: workspace.botId,
      is_enterprise_install: false,
    },
    call.warnings,
  );
}

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
export function postMessage(deps: SlackSandboxDeps, call: SlackCall): SandboxReply {
  const auth = authorizeCall(deps, call, "chat:write");
  if ("reply" in auth) {
    return auth.reply;
  }
  const { workspace } = auth;
  const target = postable(deps.state.findChannel(workspace, argString(call.args, "channel") ?? ""));
  if (typeof target === "string") {
    return slackError(target);
  }
  const text = argString(call.args, "text") ?? "";
  if (text.trim() === "") {
    return slackError("no_text");
  }
  if (text.length > MAX_TEXT) {
    return slackError("msg_too_long");
  }
  const metadata = argJson(call.args, "metadata");
  const meta = metadata.value;
  if (
    metadata.invalid ||
    (meta !== undefined &&
      (!isRecord(meta) || typeof meta.event_type !== "string" || !isRecord(meta.event_payload)))
  ) {
    // Slack's code for malformed metadata (unverified: "invalid_metadata_format").
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
    ...(isRecord(meta) ? { metadata: meta } : {}),
  };
  target.messages.push(message);
  deps.state.posted.push({
    teamId: workspace.id,
    channel: target.id,
    ts,
    text,
    ...(isRecord(meta) ? { metadata: meta } : {}),
    encoding: call.encoding,
    tokenIn: call.tokenIn ?? "header",
  });
  if (isRecord(meta)) {
    sendMetadataPosted(deps.env, workspace, { channel: target.id, ts, metadata: meta });
  }
  return slackOk({ channel: target.id, ts, message }, call.warnings);
}

const HISTORY_SCOPE: Record<string, string> = {
  C: "channels:history",
  G: "groups:history",
  D: "im:history",
};

function cursorOf(ts: string): string {
  return Buffer.from(`next_ts:${ts}`).toString("base64");
}

/** A Slack timestamp in microseconds, compared exactly (doubles lose the last digits). */
function micros(ts: string | undefined): bigint | undefined {
  const match = /^(\d+)(?:\.(\d{1,6}))?$/.exec(ts ?? "");
  return match
    ? BigInt(match[1]!) * 1_000_000n + BigInt((match[2] ?? "").padEnd(6, "0"))
    : undefined;
}

function tsOfCursor(cursor: string): string | undefined {
  const match = /^next_ts:(\d+\.\d{6})$/.exec(Buffer.from(cursor, "base64").toString("utf8"));
  return match?.[1];
}

/** https://docs.slack.dev/reference/methods/conversations.history (newest first, cursors). */
export function conversationsHistory(deps: SlackSandboxDeps, call: SlackCall): SandboxReply {
  const id = argString(call.args, "channel") ?? "";
  const auth = authorizeCall(deps, call, HISTORY_SCOPE[id.charAt(0)] ?? "channels:history");
  if ("reply" in auth) {
    return auth.reply;
  }
  const channel = deps.state.findChannelById(auth.workspace.id, id);
  if (!channel) {
    return slackError("channel_not_found");
  }
  if (!channel.member) {
    return slackError("not_in_channel");
  }
  const cursor = argString(call.args, "cursor");
  const before = cursor ? tsOfCursor(cursor) : undefined;
  if (cursor && !before) {
    return slackError("invalid_cursor");
  }
  const inclusive = argFlag(call.args, "inclusive");
  const oldest = micros(argString(call.args, "oldest")) ?? 0n;
  const latest = micros(argString(call.args, "latest"));
  const until = micros(before);
  const limit = Math.min(999, Math.max(1, Number(argString(call.args, "limit") ?? 100) || 100));
  const withMetadata = argFlag(call.args, "include_all_metadata");
  const matching = channel.messages
    .filter(message => {
      const ts = micros(typeof message.ts === "string" ? message.ts : undefined) ?? 0n;
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
        next_cursor: hasMore && typeof last?.ts === "string" ? cursorOf(last.ts) : "",
      },
    },
    call.warnings,
  );
}
