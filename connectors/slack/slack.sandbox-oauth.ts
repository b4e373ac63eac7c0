import type { Grant } from "../sandbox/oauth-authority.js";
import { basicCredentials, type SandboxReply, type SandboxRequest } from "../sandbox/sandbox.js";
import { slackError, slackOk } from "./slack.sandbox-errors.js";
import {
  SANDBOX_APP_ID,
  type AuthorizedCall,
  type SlackCall,
  type SlackSandboxDeps,
} from "./slack.sandbox-state.js";

/**
 * Slack's OAuth v2 (https://docs.slack.dev/authentication/installing-with-oauth): consent at
 * `/oauth/v2/authorize` (auto-approved here for the workspace named by `team`, else T0SANDBOX;
 * `deny=1` refuses), then `oauth.v2.access` for the code and, with token rotation, for refresh
 * tokens. The client authenticates with HTTP Basic or `client_id`/`client_secret` arguments.
 * And `auth.test`, which says whose a token is.
 */
function page(status: number, text: string): SandboxReply {
  return {
    status,
    headers: { "content-type": "text/html; charset=utf-8" },
    body: `<p>${text}</p>`,
  };
}

export function authorizePage(deps: SlackSandboxDeps, request: SandboxRequest): SandboxReply {
  const teamId = request.query.get("team") ?? "T0SANDBOX";
  if (!deps.state.workspaces.has(teamId)) {
    return page(400, "Unknown workspace");
  }
  const result = deps.authority.authorize(request.query, teamId);
  if (typeof result !== "string") {
    // Slack shows an error page in the browser rather than redirecting.
    return page(400, result.description);
  }
  const code = new URL(result).searchParams.get("code");
  const challenge = request.query.get("code_challenge");
  if (code) {
    deps.state.codes.set(code, {
      redirectUri: request.query.get("redirect_uri") ?? "",
      ...(challenge ? { challenge } : {}),
      used: false,
    });
  }
  return { status: 302, headers: { location: result } };
}

/** https://docs.slack.dev/reference/methods/auth.test */
export function authTest({ call, workspace }: AuthorizedCall): SandboxReply {
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

function grantReply(deps: SlackSandboxDeps, grant: Grant, call: SlackCall): SandboxReply {
  const workspace = deps.state.workspaces.get(grant.account);
  const expiresIn =
    grant.expiresAt === undefined
      ? undefined
      : Math.round((grant.expiresAt - deps.env.now().getTime()) / 1000);
  return slackOk(
    {
      app_id: SANDBOX_APP_ID,
      authed_user: { id: "U0SANDBOXUSR" },
      scope: grant.scopes.join(","),
      token_type: "bot",
      access_token: grant.accessToken,
      bot_user_id: workspace?.botUserId,
      team: { id: grant.account, name: workspace?.name ?? grant.account },
      enterprise: null,
      is_enterprise_install: false,
      ...(grant.refreshToken ? { refresh_token: grant.refreshToken } : {}),
      ...(expiresIn !== undefined ? { expires_in: expiresIn } : {}),
    },
    call.warnings,
  );
}

/** Slack's name for why a code cannot be exchanged, from what consent recorded. */
function codeProblem(deps: SlackSandboxDeps, call: SlackCall): string {
  const pending = deps.state.codes.get(call.args.get("code") ?? "");
  if (!pending) {
    return "invalid_code";
  }
  if (pending.used) {
    return "code_already_used";
  }
  pending.used = true;
  if (pending.redirectUri !== (call.args.get("redirect_uri") ?? "")) {
    return "bad_redirect_uri";
  }
  // Slack documents code_verifier on oauth.v2.access; its error code for a wrong one is unverified.
  return pending.challenge ? "invalid_code_verifier" : "invalid_code";
}

/** https://docs.slack.dev/reference/methods/oauth.v2.access */
export function oauthAccess(
  deps: SlackSandboxDeps,
  call: SlackCall,
  request: SandboxRequest,
): SandboxReply {
  const basic = basicCredentials(request);
  const clientId = basic?.user ?? call.args.get("client_id") ?? undefined;
  const clientSecret = basic?.password ?? call.args.get("client_secret") ?? undefined;
  if (!clientId || clientId !== deps.env.app.clientId) {
    return slackError("invalid_client_id");
  }
  if (!deps.authority.clientMatches(clientId, clientSecret)) {
    return slackError("bad_client_secret");
  }
  const grantType = call.args.get("grant_type") ?? "authorization_code";
  if (grantType === "refresh_token") {
    const result = deps.authority.refresh(call.args.get("refresh_token"));
    // Slack's answer to a used or revoked refresh token: `invalid_refresh_token` in HTTP 200
    // (third parties report `invalid_grant` with HTTP 400; both classify as AUTH_REVOKED).
    return "error" in result ? slackError("invalid_refresh_token") : grantReply(deps, result, call);
  }
  if (grantType !== "authorization_code") {
    return slackError("invalid_grant_type");
  }
  const result = deps.authority.exchangeCode({
    code: call.args.get("code"),
    redirectUri: call.args.get("redirect_uri"),
    codeVerifier: call.args.get("code_verifier"),
  });
  if ("error" in result) {
    return slackError(codeProblem(deps, call));
  }
  const pending = deps.state.codes.get(call.args.get("code") ?? "");
  if (pending) {
    pending.used = true;
  }
  return grantReply(deps, result, call);
}
