import { pkceChallenge } from "../../kit/pkce.js";
import type { Route } from "../../sandbox/route-table.js";
import {
  basicCredentials,
  formBody,
  type RenderedFaultKind,
  type SandboxReply,
  type SandboxRequest,
} from "../../sandbox/sandbox.js";
import { GoogleGrants } from "./google.sandbox-grants.js";
import { oauthError, oauthErrorPage } from "./google.sandbox-errors.js";

/**
 * Google's authorization server, in Google's dialect, for the sandbox of any Google API
 * (https://developers.google.com/identity/protocols/oauth2/web-server), at Google's own paths:
 * the consent redirect `GET /o/oauth2/v2/auth` (accounts.google.com; auto-approved for
 * `login_hint`, else the product's default account), `POST /token` and `POST /revoke`
 * (oauth2.googleapis.com). The token endpoint takes client_id/client_secret in the form body
 * (HTTP Basic too), checks PKCE and the redirect URI, and returns a refresh token only when the
 * consent asked for `access_type=offline` (never on refresh: Google's are reusable).
 * Texts "Bad Request", "Missing code verifier." and "Invalid code verifier." are unverified; so are
 * the 429 and 503 bodies of injected token-endpoint faults.
 */
export interface GoogleOAuthOptions {
  clientId: string;
  clientSecret: string;
  now: () => number;
  /** The account a consent signs in: `login_hint`, else the product's default, named as it names them. */
  account(loginHint: string | undefined): string;
}

interface PendingCode {
  redirectUri: string;
  challenge?: string;
  offline: boolean;
}

export function createGoogleOAuthServer(options: GoogleOAuthOptions) {
  const { clientId } = options;
  const grants = new GoogleGrants(options);
  const { authority } = grants;
  const codes = new Map<string, PendingCode>();

  function authorize(query: URLSearchParams): SandboxReply {
    if (query.get("client_id") !== clientId) {
      return oauthErrorPage(401, "invalid_client", "The OAuth client was not found.");
    }
    const missing = ["redirect_uri", "response_type", "scope"].find(name => !query.get(name));
    if (missing) {
      return oauthErrorPage(400, "invalid_request", `Missing required parameter: ${missing}`);
    }
    if (query.get("response_type") !== "code") {
      return oauthErrorPage(400, "unsupported_response_type", "Unsupported response type.");
    }
    const account = options.account(query.get("login_hint") || undefined);
    const target = authority.authorize(query, account);
    if (typeof target !== "string") {
      return oauthErrorPage(400, target.error, target.description);
    }
    const url = new URL(target);
    const code = url.searchParams.get("code");
    if (code) {
      const challenge = query.get("code_challenge");
      codes.set(code, {
        redirectUri: query.get("redirect_uri") ?? "",
        ...(challenge ? { challenge } : {}),
        offline: query.get("access_type") === "offline",
      });
      url.searchParams.set("scope", query.get("scope") ?? "");
    }
    return { status: 302, headers: { location: url.toString() } };
  }

  function exchange(form: URLSearchParams): SandboxReply {
    const code = form.get("code");
    if (!code) {
      return oauthError(400, "invalid_request", "Missing required parameter: code");
    }
    const pending = codes.get(code);
    const redirectUri = form.get("redirect_uri");
    const verifier = form.get("code_verifier");
    if (pending && pending.redirectUri !== redirectUri) {
      return oauthError(400, "redirect_uri_mismatch", "Bad Request");
    }
    if (pending?.challenge && !verifier) {
      return oauthError(400, "invalid_grant", "Missing code verifier.");
    }
    if (pending?.challenge && verifier && pkceChallenge(verifier) !== pending.challenge) {
      return oauthError(400, "invalid_grant", "Invalid code verifier.");
    }
    const grant = authority.exchangeCode({ code, redirectUri, codeVerifier: verifier });
    codes.delete(code);
    return "error" in grant
      ? oauthError(400, "invalid_grant", "Bad Request")
      : grants.answer(grant, pending?.offline ?? false);
  }

  function refresh(form: URLSearchParams): SandboxReply {
    const given = form.get("refresh_token");
    if (!given) {
      return oauthError(400, "invalid_request", "Missing required parameter: refresh_token");
    }
    const grant = authority.refresh(grants.refreshToken(given));
    return "error" in grant
      ? oauthError(400, "invalid_grant", "Token has been expired or revoked.")
      : grants.answer(grant, false);
  }

  /** POST /token, form-encoded. */
  function token(request: SandboxRequest): SandboxReply {
    const type = request.headers["content-type"] ?? "";
    const form = type.includes("application/x-www-form-urlencoded")
      ? formBody(request)
      : new URLSearchParams();
    const basic = basicCredentials(request);
    const id = form.get("client_id") ?? basic?.user;
    if (!id) {
      return oauthError(400, "invalid_request", "Could not determine client ID from request.");
    }
    if (id !== clientId) {
      return oauthError(401, "invalid_client", "The OAuth client was not found.");
    }
    if (!authority.clientMatches(id, form.get("client_secret") ?? basic?.password)) {
      return oauthError(401, "invalid_client", "Unauthorized");
    }
    const grantType = form.get("grant_type") ?? "";
    if (grantType === "authorization_code") {
      return exchange(form);
    }
    return grantType === "refresh_token"
      ? refresh(form)
      : oauthError(400, "unsupported_grant_type", `Invalid grant_type: ${grantType}`);
  }

  /** POST /revoke?token=… (an access or a refresh token): 200 `{}`, or 400 invalid_token. */
  function revoke(request: SandboxRequest): SandboxReply {
    const given = request.query.get("token") ?? formBody(request).get("token") ?? "";
    const check = authority.check(given);
    const account = grants.ownerOf(given) ?? (check.ok ? check.grant.account : undefined);
    if (!account) {
      return oauthError(400, "invalid_token", "Token expired or revoked");
    }
    grants.revokeAccount(account);
    return {
      status: 200,
      headers: { "content-type": "application/json; charset=utf-8" },
      body: {},
    };
  }

  /** An injected fault on an OAuth path: RFC 6749 errors, or the consent page's HTML. */
  function fault(
    kind: RenderedFaultKind,
    request: SandboxRequest,
    retryAfterSeconds?: number,
  ): SandboxReply {
    if (request.path.startsWith("/o/oauth2/")) {
      const status = kind === "RATE_LIMITED" ? 429 : kind === "UNAVAILABLE" ? 503 : 400;
      const error = kind === "INVALID_REQUEST" ? "invalid_request" : "access_denied";
      return oauthErrorPage(status, error, "The sandbox was told to refuse this authorization.");
    }
    switch (kind) {
      case "RATE_LIMITED": {
        const reply = oauthError(429, "rate_limit_exceeded", "Rate limit exceeded");
        const wait = retryAfterSeconds;
        return wait === undefined
          ? reply
          : { ...reply, headers: { ...reply.headers, "retry-after": String(wait) } };
      }
      case "UNAVAILABLE":
        return oauthError(503, "temporarily_unavailable", "Service unavailable");
      case "AUTH_EXPIRED":
      case "AUTH_REVOKED": {
        // A refresh token that expired (7-day Testing apps) is as dead as a revoked one.
        const owner = grants.ownerOf(formBody(request).get("refresh_token") ?? "");
        if (owner) {
          grants.revokeAccount(owner);
        }
        return oauthError(400, "invalid_grant", "Token has been expired or revoked.");
      }
      case "PERMISSION_DENIED":
        return oauthError(401, "invalid_client", "Unauthorized");
      case "INVALID_REQUEST":
        return oauthError(400, "invalid_request", "Bad Request");
    }
  }

  return {
    grants,
    /** The server's public routes, for the product's route table. */
    routes<P>(): Array<Route<P>> {
      const at = (method: "GET" | "POST", path: string, serve: typeof token): Route<P> => ({
        method,
        path,
        auth: "public",
        handle: ({ request }) => serve(request),
      });
      return [
        at("GET", "/o/oauth2/v2/auth", request => authorize(request.query)),
        at("POST", "/token", token),
        at("POST", "/revoke", revoke),
      ];
    },
    /** Whether a request is for this server (its faults are rendered by `fault`). */
    serves: (path: string) =>
      path === "/token" || path === "/revoke" || path.startsWith("/o/oauth2/"),
    fault,
  };
}

export type GoogleOAuthServer = ReturnType<typeof createGoogleOAuthServer>;
