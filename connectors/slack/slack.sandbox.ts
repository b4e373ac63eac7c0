import { randomBytes } from "node:crypto";
import { OAuthAuthority } from "../sandbox/oauth-authority.js";
import type {
  Fault,
  ProviderSandbox,
  RenderedFaultKind,
  SandboxEnvironment,
  SandboxReply,
  SandboxRequest,
} from "../sandbox/sandbox.js";
import { sendUninstallEvents, sendUrlVerification } from "./slack.sandbox-events.js";
import {
  authorizeCall,
  authTest,
  conversationsHistory,
  postMessage,
  type SlackSandboxDeps,
} from "./slack.sandbox-methods.js";
import { authorizePage, oauthAccess } from "./slack.sandbox-oauth.js";
import {
  channel,
  demoWorkspace,
  SlackSandboxState,
  type AcceptedPost,
  type ChannelInput,
  type SandboxWorkspace,
} from "./slack.sandbox-state.js";
import { rateLimited, readCall, slackError, type SlackCall } from "./slack.sandbox-web.js";
import type { JsonRecord } from "./slack.schemas.js";

/**
 * The demo workspace every Slack sandbox serves without any set-up: a static (non-expiring) bot
 * token of T0SANDBOX with chat:write and the history scopes, and its channels.
 */
export const SLACK_DEMO_ACCOUNT = {
  externalAccountId: "T0SANDBOX",
  displayName: "Crosscast Sandbox",
  secrets: { accessToken: "xoxb-sandbox-demo-bot-token" },
  settings: { teamId: "T0SANDBOX", botUserId: "U0SANDBOXBOT" },
  /** Where the bot may post: #general and #marketing. */
  channels: { general: "C0SANDBOX01", marketing: "C0SANDBOX02" },
} as const;

const DEMO_SCOPES = ["chat:write", "channels:history", "groups:history", "im:history"];

/** The scope a method needs, for a PERMISSION_DENIED fault's `missing_scope` answer. */
const METHOD_SCOPE: Record<string, string> = {
  "chat.postMessage": "chat:write",
  "conversations.history": "channels:history",
};

export interface SlackSandbox extends ProviderSandbox {
  /** Every message accepted by `chat.postMessage`, in order (assert "sent exactly once"). */
  readonly posted: readonly AcceptedPost[];
  /** Adds a workspace (its bot is installed; channels default to none). */
  createWorkspace(input: { id: string; name: string; channels?: ChannelInput[] }): SandboxWorkspace;
  /** Issues a static bot token for `teamId` with `scopes`, as a manual install would. */
  issueToken(teamId: string, scopes?: string[]): string;
  /** The messages of a channel, oldest first, as `conversations.history` would show them. */
  messages(teamId: string, channelId: string): readonly JsonRecord[];
  /**
   * The workspace uninstalls the app: every token issued for it is revoked, and signed
   * `tokens_revoked` and `app_uninstalled` event callbacks go to the app's Request URL.
   */
  uninstall(teamId: string): void;
  /** Slack checks a newly saved Request URL: sends a signed `url_verification`; its challenge. */
  requestUrlVerification(): string | undefined;
  /** How many posts per channel per second are accepted before HTTP 429 (default 30). */
  limitPosts(perSecond: number): void;
}

export function createSlackSandbox(env: SandboxEnvironment): SlackSandbox {
  const state = new SlackSandboxState(() => env.now());
  const authority = new OAuthAuthority({
    clientId: env.app.clientId ?? "",
    clientSecret: env.app.clientSecret ?? "",
    accessTtlSeconds: 43_200,
    refresh: "rotating",
    accessPrefix: "xoxe.xoxb-1-",
    refreshPrefix: "xoxe-1-",
    now: () => env.now().getTime(),
  });
  const deps: SlackSandboxDeps = { env, state, authority };

  function issue(teamId: string, token: string, scopes: string[]): string {
    authority.register(token, teamId, scopes);
    state.rememberToken(teamId, token);
    return token;
  }
  state.addWorkspace(demoWorkspace());
  issue(SLACK_DEMO_ACCOUNT.externalAccountId, SLACK_DEMO_ACCOUNT.secrets.accessToken, DEMO_SCOPES);

  function method(request: SandboxRequest): string | undefined {
    return /^\/api\/([A-Za-z0-9_.]+)$/.exec(request.path)?.[1];
  }

  function dispatch(call: SlackCall, request: SandboxRequest): SandboxReply {
    switch (call.method) {
      case "auth.test":
        return authTest(deps, call);
      case "chat.postMessage":
        return postMessage(deps, call);
      case "conversations.history":
        return conversationsHistory(deps, call);
      case "oauth.v2.access":
        return oauthAccess(deps, call, request);
      default:
        return slackError("unknown_method", { req_method: call.method });
    }
  }

  /** AUTH_* faults act on the token in the request: the bearer, or a refresh token's family. */
  function authFault(kind: "AUTH_EXPIRED" | "AUTH_REVOKED", call: SlackCall): SandboxReply {
    if (call.method === "oauth.v2.access") {
      const refresh = call.args.refresh_token;
      const access = typeof refresh === "string" ? state.accessByRefresh.get(refresh) : undefined;
      if (access) {
        authority.revoke(access);
      }
      return slackError("invalid_refresh_token");
    }
    if (call.token) {
      if (kind === "AUTH_EXPIRED") {
        authority.expire(call.token);
      } else {
        authority.revoke(call.token);
      }
    }
    return slackError(kind === "AUTH_EXPIRED" ? "token_expired" : "token_revoked");
  }

  return {
    provider: "slack",
    get posted() {
      return state.posted;
    },

    handle(request) {
      if (request.path === "/oauth/v2/authorize" && request.method === "GET") {
        return authorizePage(deps, request);
      }
      const name = method(request);
      if (!name) {
        return { status: 404, headers: { "content-type": "text/html" }, body: "<p>Not found</p>" };
      }
      const parsed = readCall(request, name);
      return "reply" in parsed ? parsed.reply : dispatch(parsed.call, request);
    },

    fault(kind: RenderedFaultKind, request: SandboxRequest, fault: Fault) {
      const parsed = readCall(request, method(request) ?? "");
      const call: SlackCall =
        "call" in parsed ? parsed.call : { method: "", args: {}, encoding: "query", warnings: [] };
      switch (kind) {
        case "RATE_LIMITED":
          return rateLimited(fault.retryAfterSeconds ?? 30);
        case "UNAVAILABLE":
          // Slack's transient failure inside HTTP 200; "some aspect of the operation" may have
          // succeeded, so writes must be looked up before they are tried again.
          return slackError("internal_error");
        case "AUTH_EXPIRED":
        case "AUTH_REVOKED":
          return authFault(kind, call);
        case "PERMISSION_DENIED": {
          const auth = authorizeCall(deps, call);
          const provided = "grant" in auth ? auth.grant.scopes.join(",") : "";
          const needed = METHOD_SCOPE[call.method] ?? "chat:write";
          return slackError("missing_scope", { needed, provided });
        }
        case "INVALID_REQUEST":
          return slackError("invalid_arguments");
      }
    },

    createWorkspace(input) {
      const workspace: SandboxWorkspace = {
        id: input.id,
        name: input.name,
        domain: input.name.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
        botUserId: `U${input.id.slice(1)}BOT`,
        botId: `B${input.id.slice(1)}BOT`,
        channels: (input.channels ?? []).map(channel),
      };
      return state.addWorkspace(workspace);
    },

    issueToken(teamId, scopes = DEMO_SCOPES) {
      const token = `xoxb-sandbox-${teamId.toLowerCase()}-${randomBytes(12).toString("hex")}`;
      return issue(teamId, token, scopes);
    },

    messages(teamId, channelId) {
      return state.findChannelById(teamId, channelId)?.messages ?? [];
    },

    uninstall(teamId) {
      const workspace = state.workspaces.get(teamId);
      if (!workspace) {
        return;
      }
      for (const token of state.tokensByTeam.get(teamId) ?? []) {
        authority.revoke(token);
      }
      sendUninstallEvents(env, workspace);
    },

    requestUrlVerification: () => sendUrlVerification(env),

    limitPosts(perSecond) {
      state.postsPerSecond = perSecond;
    },
  };
}
