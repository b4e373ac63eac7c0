import {
  bearerToken,
  formBody,
  type Fault,
  type RenderedFaultKind,
  type SandboxEnvironment,
  type SandboxReply,
  type SandboxRequest,
} from "../sandbox/sandbox.js";
import { matchRoute, type ApiRoute } from "./gmail.sandbox-api.js";
import { gmailErrors, oauthError, oauthErrorPage } from "./gmail.sandbox-errors.js";
import { revokeAccount, type OAuthDeps } from "./gmail.sandbox-oauth.js";
import { GMAIL_SCOPES } from "./gmail.scopes.js";

/**
 * Injected faults in Google's wire format. On the API: 429 RESOURCE_EXHAUSTED with Retry-After,
 * 503 UNAVAILABLE, 401 UNAUTHENTICATED (AUTH_EXPIRED expires the request's token, AUTH_REVOKED
 * revokes its grant: Google answers both alike), 403 insufficientPermissions, 400
 * INVALID_ARGUMENT. On the token endpoint, RFC 6749 errors (the 429 and 503 bodies there are
 * unverified); on the consent page, Google's HTML error page.
 */
export function createFaultRenderer(deps: {
  env: SandboxEnvironment;
  oauth: OAuthDeps;
  routes: Record<string, ApiRoute>;
}) {
  const { env, oauth, routes } = deps;

  function tokenFault(kind: RenderedFaultKind, request: SandboxRequest, fault: Fault) {
    const given = formBody(request).get("refresh_token") ?? "";
    const owner = oauth.state.refreshOwners.get(oauth.state.refreshAliases.get(given) ?? given);
    switch (kind) {
      case "RATE_LIMITED": {
        const reply = oauthError(429, "rate_limit_exceeded", "Rate limit exceeded");
        const wait = fault.retryAfterSeconds;
        return wait === undefined
          ? reply
          : { ...reply, headers: { ...reply.headers, "retry-after": String(wait) } };
      }
      case "UNAVAILABLE":
        return oauthError(503, "temporarily_unavailable", "Service unavailable");
      case "AUTH_EXPIRED":
      case "AUTH_REVOKED":
        // A refresh token that expired (7-day Testing apps) is as dead as a revoked one.
        if (owner) {
          revokeAccount(oauth, owner);
        }
        return oauthError(400, "invalid_grant", "Token has been expired or revoked.");
      case "PERMISSION_DENIED":
        return oauthError(401, "invalid_client", "Unauthorized");
      case "INVALID_REQUEST":
        return oauthError(400, "invalid_request", "Bad Request");
    }
  }

  function apiFault(kind: RenderedFaultKind, request: SandboxRequest, fault: Fault) {
    const bearer = bearerToken(request);
    switch (kind) {
      case "RATE_LIMITED":
        return gmailErrors.rateLimited(env.now(), fault.retryAfterSeconds);
      case "UNAVAILABLE":
        return gmailErrors.unavailable();
      case "AUTH_EXPIRED":
        if (bearer) {
          oauth.authority.expire(bearer);
        }
        return gmailErrors.unauthenticated(!bearer);
      case "AUTH_REVOKED":
        if (bearer) {
          oauth.authority.revoke(bearer);
        }
        return gmailErrors.unauthenticated(!bearer);
      case "PERMISSION_DENIED":
        return gmailErrors.insufficientScopes(
          matchRoute(routes, request)?.route.scopes ?? [GMAIL_SCOPES.full],
        );
      case "INVALID_REQUEST":
        return request.path.endsWith("/messages/send")
          ? gmailErrors.invalidArgument("Invalid To header")
          : gmailErrors.failedPrecondition();
    }
  }

  return function fault(
    kind: RenderedFaultKind,
    request: SandboxRequest,
    fault: Fault,
  ): SandboxReply {
    if (request.path === "/token" || request.path === "/revoke") {
      return tokenFault(kind, request, fault);
    }
    if (request.path.startsWith("/o/oauth2/")) {
      const status = kind === "RATE_LIMITED" ? 429 : kind === "UNAVAILABLE" ? 503 : 400;
      const error = kind === "INVALID_REQUEST" ? "invalid_request" : "access_denied";
      return oauthErrorPage(status, error, "The sandbox was told to refuse this authorization.");
    }
    return apiFault(kind, request, fault);
  };
}
