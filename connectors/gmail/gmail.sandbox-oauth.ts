import { createPkcePair, pkceChallenge } from "../kit/pkce.js";
import type { Grant, OAuthAuthority } from "../sandbox/oauth-authority.js";
import {
  basicCredentials,
  formBody,
  type SandboxReply,
  type SandboxRequest,
} from "../sandbox/sandbox.js";
import { oauthError, oauthErrorPage } from "./gmail.sandbox-errors.js";
import type { GmailSandboxState } from "./gmail.sandbox-state.js";

/**
 * Google's authorization server in Google's dialect
 * (https://developers.google.com/identity/protocols/oauth2/web-server): the consent redirect
 * (auto-approved for `login_hint`, else the default account), and the token endpoint with
 * client_id/client_secret in the form body (HTTP Basic accepted too), PKCE, reusable refresh
 * tokens (no new refresh_token on refresh), and `expires_in: 3599`. A refresh token is only
 * issued when the authorization asked for `access_type=offline`.
 * Error texts "Bad Request", "Missing code verifier." and "Invalid code verifier." are unverified.
 */
export interface OAuthDeps {
  state: GmailSandboxState;
  authority: OAuthAuthority;
  clientId: string;
  clientSecret: string;
  defaultAccount: string;
  now: () => number;
}

const INTERNAL_REDIRECT = "http://127.0.0.1/gmail-sandbox-consent";

function tokenAnswer(deps: OAuthDeps, grant: Grant, withRefresh: boolean): SandboxReply {
  deps.state.trackAccess(grant.account, grant.accessToken);
  if (grant.refreshToken) {
    deps.state.refreshOwners.set(grant.refreshToken, grant.account);
  }
  const expiresIn = grant.expiresAt ? Math.round((grant.expiresAt - deps.now()) / 1000) : undefined;
  return {
    status: 200,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "cache-control": "no-cache, no-store, max-age=0, must-revalidate",
      pragma: "no-cache",
    },
    body: {
      access_token: grant.accessToken,
      ...(expiresIn !== undefined ? { expires_in: expiresIn } : {}),
      ...(withRefresh && grant.refreshToken ? { refresh_token: grant.refreshToken } : {}),
      scope: grant.scopes.join(" "),
      token_type: "Bearer",
    },
  };
}

/** GET /o/oauth2/v2/auth: 302 back to the redirect URI with `code`, `state` and `scope`. */
export function authorize(request: SandboxRequest, deps: OAuthDeps): SandboxReply {
  const query = request.query;
  if (query.get("client_id") !== deps.clientId) {
    return oauthErrorPage(401, "invalid_client", "The OAuth client was not found.");
  }
  for (const name of ["redirect_uri", "response_type", "scope"]) {
    if (!query.get(name)) {
      return oauthErrorPage(400, "invalid_request", `Missing required parameter: ${name}`);
    }
  }
  if (query.get("response_type") !== "code") {
    return oauthErrorPage(400, "unsupported_response_type", "Unsupported response type.");
  }
  const account = deps.state.account(query.get("login_hint") || deps.defaultAccount).emailAddress;
  const target = deps.authority.authorize(query, account);
  if (typeof target !== "string") {
    return oauthErrorPage(400, target.error, target.description);
  }
  const url = new URL(target);
  const code = url.searchParams.get("code");
  if (code) {
    const challenge = query.get("code_challenge");
    deps.state.codes.set(code, {
      redirectUri: query.get("redirect_uri") ?? "",
      ...(challenge ? { challenge } : {}),
      offline: query.get("access_type") === "offline",
    });
    url.searchParams.set("scope", query.get("scope") ?? "");
  }
  return { status: 302, headers: { location: url.toString() } };
}

function clientOf(request: SandboxRequest, form: URLSearchParams) {
  const basic = basicCredentials(request);
  return {
    id: form.get("client_id") ?? basic?.user,
    secret: form.get("client_secret") ?? basic?.password,
  };
}

function exchange(form: URLSearchParams, deps: OAuthDeps): SandboxReply {
  const code = form.get("code");
  if (!code) {
    return oauthError(400, "invalid_request", "Missing required parameter: code");
  }
  const pending = deps.state.codes.get(code);
  if (pending && pending.redirectUri !== form.get("redirect_uri")) {
    return oauthError(400, "redirect_uri_mismatch", "Bad Request");
  }
  const verifier = form.get("code_verifier");
  if (pending?.challenge && !verifier) {
    return oauthError(400, "invalid_grant", "Missing code verifier.");
  }
  if (pending?.challenge && verifier && pkceChallenge(verifier) !== pending.challenge) {
    return oauthError(400, "invalid_grant", "Invalid code verifier.");
  }
  const grant = deps.authority.exchangeCode({
    code,
    redirectUri: form.get("redirect_uri"),
    codeVerifier: verifier,
  });
  deps.state.codes.delete(code);
  if ("error" in grant) {
    return oauthError(400, "invalid_grant", "Bad Request");
  }
  return tokenAnswer(deps, grant, pending?.offline ?? false);
}

function refresh(form: URLSearchParams, deps: OAuthDeps): SandboxReply {
  const given = form.get("refresh_token");
  if (!given) {
    return oauthError(400, "invalid_request", "Missing required parameter: refresh_token");
  }
  const grant = deps.authority.refresh(deps.state.refreshAliases.get(given) ?? given);
  if ("error" in grant) {
    return oauthError(400, "invalid_grant", "Token has been expired or revoked.");
  }
  return tokenAnswer(deps, grant, false);
}

/** POST /token (form-encoded). */
export function token(request: SandboxRequest, deps: OAuthDeps): SandboxReply {
  const type = request.headers["content-type"] ?? "";
  const form = type.includes("application/x-www-form-urlencoded")
    ? formBody(request)
    : new URLSearchParams();
  const client = clientOf(request, form);
  if (!client.id) {
    return oauthError(400, "invalid_request", "Could not determine client ID from request.");
  }
  if (client.id !== deps.clientId) {
    return oauthError(401, "invalid_client", "The OAuth client was not found.");
  }
  if (!deps.authority.clientMatches(client.id, client.secret ?? undefined)) {
    return oauthError(401, "invalid_client", "Unauthorized");
  }
  const grantType = form.get("grant_type") ?? "";
  if (grantType === "authorization_code") {
    return exchange(form, deps);
  }
  if (grantType === "refresh_token") {
    return refresh(form, deps);
  }
  return oauthError(400, "unsupported_grant_type", `Invalid grant_type: ${grantType}`);
}

/** Revokes every token of `account` (the user removed the app's access, or a revoke call). */
export function revokeAccount(deps: OAuthDeps, account: string): void {
  for (const accessToken of deps.state.accessTokens.get(account) ?? []) {
    deps.authority.revoke(accessToken);
  }
}

/** POST /revoke?token=… (access or refresh token): 200 `{}`, or 400 invalid_token. */
export function revoke(request: SandboxRequest, deps: OAuthDeps): SandboxReply {
  const given = request.query.get("token") ?? formBody(request).get("token") ?? "";
  const viaRefresh = deps.state.refreshOwners.get(deps.state.refreshAliases.get(given) ?? given);
  const check = deps.authority.check(given);
  const account = viaRefresh ?? (check.ok ? check.grant.account : undefined);
  if (!account) {
    return oauthError(400, "invalid_token", "Token expired or revoked");
  }
  revokeAccount(deps, account);
  return { status: 200, headers: { "content-type": "application/json; charset=utf-8" }, body: {} };
}

/** A consent given out of band (test controls, the demo account): a real grant with a refresh token. */
export function grantFor(
  deps: OAuthDeps,
  account: string,
  scopes: readonly string[],
): Grant & { refreshToken: string } {
  const { verifier, challenge } = createPkcePair();
  const query = new URLSearchParams({
    client_id: deps.clientId,
    redirect_uri: INTERNAL_REDIRECT,
    response_type: "code",
    scope: scopes.join(" "),
    code_challenge: challenge,
    code_challenge_method: "S256",
  });
  const target = deps.authority.authorize(query, deps.state.account(account).emailAddress);
  const code = typeof target === "string" ? new URL(target).searchParams.get("code") : null;
  const grant = deps.authority.exchangeCode({
    code,
    redirectUri: INTERNAL_REDIRECT,
    codeVerifier: verifier,
  });
  if ("error" in grant || !grant.refreshToken) {
    throw new Error("gmail sandbox: the out-of-band consent issued no refresh token");
  }
  tokenAnswer(deps, grant, true);
  return { ...grant, refreshToken: grant.refreshToken };
}
