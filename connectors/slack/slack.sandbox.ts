import { randomBytes } from "node:crypto";
import { isRecord, parseJson, type JsonRecord } from "../kit/json.js";
import { OAuthAuthority } from "../sandbox/oauth-authority.js";
import { createRouteTable, type Route } from "../sandbox/route-table.js";
import {
  bearerToken,
  formBody,
  type ProviderSandbox,
  type SandboxEnvironment,
  type SandboxRequest,
} from "../sandbox/sandbox.js";
import { SLACK_DEMO_WORKSPACE } from "./slack.demo.js";
import { notFoundPage, renderFault, slackError, tokenRefused } from "./slack.sandbox-errors.js";
import { conversationsHistory, postMessage } from "./slack.sandbox-messages.js";
import { authorizePage, authTest, oauthAccess } from "./slack.sandbox-oauth.js";
import {
  demoChannels,
  SlackSandboxState,
  type AcceptedPost,
  type AuthorizedCall,
  type ChannelInput,
  type SandboxWorkspace,
  type SlackCall,
  type SlackSandboxDeps,
} from "./slack.sandbox-state.js";
import { sendUninstallEvents, sendUrlVerification } from "./slack.sandbox-webhooks.js";

const SCOPES = ["chat:write", "channels:history", "groups:history", "im:history"];

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

/**
 * How Slack reads a Web API call (https://docs.slack.dev/apis/web-api/): arguments from the query
 * string and from a form-encoded or JSON body (non-string JSON values as JSON text); the token from
 * `Authorization: Bearer`, or from a form body's `token` (never from a JSON body, nor from the
 * query string for apps created since 2021, the exact cut-over unverified). A body Slack cannot
 * read is refused before the token is looked at.
 */
function readCall(request: SandboxRequest): SlackCall {
  const method = /^\/api\/([A-Za-z0-9_.]+)$/.exec(request.path)?.[1] ?? "";
  const contentType = (request.headers["content-type"] ?? "").toLowerCase();
  const type = contentType.split(";")[0]!.trim();
  const call: SlackCall = { method, encoding: "query", args: new URLSearchParams(), warnings: [] };
  const refused = (error: string): SlackCall => ({ ...call, refusal: slackError(error) });
  const args = new URLSearchParams(request.query);
  let bodyToken: string | null = null;
  if (request.rawBody.length > 0 && type === "application/x-www-form-urlencoded") {
    call.encoding = "form";
    const form = formBody(request);
    form.forEach((value, key) => args.set(key, value));
    bodyToken = form.get("token");
  } else if (request.rawBody.length > 0 && type === "application/json") {
    const body = parseJson(request.rawBody.toString("utf8"));
    if (!isRecord(body)) {
      return refused(body === undefined ? "invalid_json" : "json_not_object");
    }
    call.encoding = "json";
    for (const [key, value] of Object.entries(body)) {
      if (key !== "token" && value !== null && value !== undefined) {
        args.set(key, typeof value === "string" ? value : JSON.stringify(value));
      }
    }
    if (!contentType.includes("charset=")) {
      call.warnings.push("missing_charset");
    }
  } else if (request.rawBody.length > 0) {
    // Slack also takes multipart/form-data and text/plain; this sandbox does not read them.
    return refused(contentType ? "invalid_post_type" : "missing_post_type");
  }
  args.delete("token");
  const header = bearerToken(request);
  const token = header ?? bodyToken;
  return { ...call, args, ...(token ? { token, tokenIn: header ? "header" : "body" } : {}) };
}

/** `/api/<method>`, read whatever the HTTP verb (Slack's clients use GET and POST). */
function webApi(
  method: string,
  handle: Route<AuthorizedCall>["handle"],
  auth: "public" | "required" = "required",
): Array<Route<AuthorizedCall>> {
  const verbs = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
  return verbs.map(verb => ({ method: verb, path: `/api/${method}`, auth, handle }));
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
  const demo = SLACK_DEMO_WORKSPACE;
  state.addWorkspace({ id: demo.teamId, name: demo.name, channels: demoChannels() });
  authority.register(demo.accessToken, demo.teamId, SCOPES);

  const handle = createRouteTable<AuthorizedCall>({
    routes: [
      {
        method: "GET",
        path: "/oauth/v2/authorize",
        auth: "public",
        handle: ({ request }) => authorizePage(deps, request),
      },
      ...webApi("auth.test", ({ principal }) => authTest(principal!)),
      ...webApi("chat.postMessage", ({ principal }) => postMessage(deps, principal!)),
      ...webApi("conversations.history", ({ principal }) => conversationsHistory(deps, principal!)),
      ...webApi(
        "oauth.v2.access",
        ({ request }) => {
          const call = readCall(request);
          return call.refusal ?? oauthAccess(deps, call, request);
        },
        "public",
      ),
    ],
    // Slack's checks, in its order: a readable call, a live token, a workspace it belongs to.
    authenticate(request) {
      const call = readCall(request);
      if (call.refusal) {
        return call.refusal;
      }
      const check = authority.check(call.token);
      if (!check.ok) {
        return tokenRefused(check.reason);
      }
      const team = state.workspaces.get(check.grant.account);
      return team ? { call, grant: check.grant, workspace: team } : slackError("account_inactive");
    },
    notFound(request) {
      const call = readCall(request);
      const unknown = slackError("unknown_method", { req_method: call.method });
      return call.method ? (call.refusal ?? unknown) : notFoundPage();
    },
  });

  return {
    provider: "slack",
    get posted() {
      return state.posted;
    },
    handle,
    fault: (kind, request, fault) => renderFault(deps, kind, readCall(request), fault),

    /**
     * A new workspace with the app installed through OAuth (a 12-hour token and its single-use
     * refresh token), its channels laid out as the demo workspace's, with the same ids.
     */
    createConnection() {
      const teamId = `T${randomBytes(5).toString("hex").toUpperCase()}`;
      const team = state.addWorkspace({
        id: teamId,
        name: `Sandbox ${teamId}`,
        channels: demoChannels(),
      });
      const grant = authority.grant(teamId, SCOPES);
      return {
        secrets: { accessToken: grant.accessToken, refreshToken: grant.refreshToken ?? "" },
        settings: { teamId, botUserId: team.botUserId },
      };
    },
    createWorkspace: input => state.addWorkspace(input),
    issueToken(teamId, scopes = SCOPES) {
      const token = `xoxb-sandbox-${teamId.toLowerCase()}-${randomBytes(12).toString("hex")}`;
      authority.register(token, teamId, scopes);
      return token;
    },
    messages: (teamId, channelId) => state.findChannelById(teamId, channelId)?.messages ?? [],
    uninstall(teamId) {
      const team = state.workspaces.get(teamId);
      if (team) {
        authority.revokeAccount(teamId);
        sendUninstallEvents(env, team);
      }
    },
    requestUrlVerification: () => sendUrlVerification(env),
    limitPosts(perSecond) {
      state.postsPerSecond = perSecond;
    },
  };
}
