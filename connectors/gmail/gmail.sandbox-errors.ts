import type { SandboxReply } from "../sandbox/sandbox.js";

/**
 * Google's wire errors as the Gmail sandbox renders them. API errors follow
 * https://developers.google.com/workspace/gmail/api/guides/handle-errors
 * (`{error:{code, message, errors:[{message, domain, reason}], status}}`); token-endpoint errors
 * are RFC 6749 JSON; the authorize page and unknown URLs answer HTML, as Google's do.
 * Message texts are Google's where known; `details` entries are unverified.
 */
interface ErrorItem {
  message: string;
  domain: string;
  reason: string;
  location?: string;
  locationType?: string;
}

const BEARER_REALM = 'Bearer realm="https://accounts.google.com/"';
const CREDENTIAL_HINT =
  "Expected OAuth 2 access token, login cookie or other valid authentication credential. " +
  "See https://developers.google.com/identity/sign-in/web/devconsole-project.";

function googleError(
  code: number,
  status: string,
  message: string,
  errors: ErrorItem[],
  headers: Record<string, string> = {},
  details?: unknown[],
): SandboxReply {
  return {
    status: code,
    headers: { "content-type": "application/json; charset=UTF-8", vary: "Origin", ...headers },
    body: { error: { code, message, errors, status, ...(details ? { details } : {}) } },
  };
}

export const gmailErrors = {
  /** No token, or one Google does not accept (expired, revoked, unknown: all look alike). */
  unauthenticated(missing: boolean): SandboxReply {
    return missing
      ? googleError(
          401,
          "UNAUTHENTICATED",
          `Request is missing required authentication credential. ${CREDENTIAL_HINT}`,
          [
            {
              message: "Login Required.",
              domain: "global",
              reason: "required",
              location: "Authorization",
              locationType: "header",
            },
          ],
          { "www-authenticate": BEARER_REALM },
        )
      : googleError(
          401,
          "UNAUTHENTICATED",
          `Request had invalid authentication credentials. ${CREDENTIAL_HINT}`,
          [
            {
              message: "Invalid Credentials",
              domain: "global",
              reason: "authError",
              location: "Authorization",
              locationType: "header",
            },
          ],
          { "www-authenticate": `${BEARER_REALM}, error="invalid_token"` },
        );
  },
  insufficientScopes(accepted: readonly string[]): SandboxReply {
    return googleError(
      403,
      "PERMISSION_DENIED",
      "Request had insufficient authentication scopes.",
      [{ message: "Insufficient Permission", domain: "global", reason: "insufficientPermissions" }],
      {
        "www-authenticate": `${BEARER_REALM}, error="insufficient_scope", scope="${accepted.join(" ")}"`,
      },
      [
        {
          "@type": "type.googleapis.com/google.rpc.ErrorInfo",
          reason: "ACCESS_TOKEN_SCOPE_INSUFFICIENT",
          domain: "googleapis.com",
        },
      ],
    );
  },
  forbidden(message: string): SandboxReply {
    return googleError(403, "PERMISSION_DENIED", message, [
      { message, domain: "global", reason: "forbidden" },
    ]);
  },
  delegationDenied(userId: string): SandboxReply {
    return googleError(403, "PERMISSION_DENIED", `Delegation denied for ${userId}`, [
      { message: `Delegation denied for ${userId}`, domain: "global", reason: "forbidden" },
    ]);
  },
  /** 429 RESOURCE_EXHAUSTED with the "Retry after" time in the message, and Retry-After when given. */
  rateLimited(now: Date, retryAfterSeconds: number | undefined, what = ""): SandboxReply {
    const at = new Date(now.getTime() + (retryAfterSeconds ?? 1) * 1000).toISOString();
    const message = `User-rate limit exceeded.  Retry after ${at}${what}`;
    return googleError(
      429,
      "RESOURCE_EXHAUSTED",
      message,
      [{ message, domain: "usageLimits", reason: "rateLimitExceeded" }],
      retryAfterSeconds !== undefined ? { "retry-after": String(retryAfterSeconds) } : {},
    );
  },
  /** The per-user project quota (legacy 403 form, no Retry-After). */
  userRateLimited(): SandboxReply {
    const message = "User Rate Limit Exceeded";
    return googleError(403, "PERMISSION_DENIED", message, [
      { message, domain: "usageLimits", reason: "userRateLimitExceeded" },
    ]);
  },
  unavailable(): SandboxReply {
    return googleError(503, "UNAVAILABLE", "The service is currently unavailable.", [
      {
        message: "The service is currently unavailable.",
        domain: "global",
        reason: "backendError",
      },
    ]);
  },
  invalidArgument(message: string): SandboxReply {
    return googleError(400, "INVALID_ARGUMENT", message, [
      { message, domain: "global", reason: "invalidArgument" },
    ]);
  },
  failedPrecondition(): SandboxReply {
    return googleError(400, "FAILED_PRECONDITION", "Precondition check failed.", [
      { message: "Precondition check failed.", domain: "global", reason: "failedPrecondition" },
    ]);
  },
  /** A body that is not JSON (the form-encoded body of a JSON method, say). Text unverified. */
  invalidJson(): SandboxReply {
    const message = "Invalid JSON payload received. Unexpected token.";
    return googleError(400, "INVALID_ARGUMENT", message, [
      { message, domain: "global", reason: "badRequest" },
    ]);
  },
  notFound(): SandboxReply {
    const message = "Requested entity was not found.";
    return googleError(404, "NOT_FOUND", message, [
      { message, domain: "global", reason: "notFound" },
    ]);
  },
};

/** Google front end's HTML 404 for a URL no API serves. */
export function notFoundPage(path: string): SandboxReply {
  return {
    status: 404,
    headers: { "content-type": "text/html; charset=UTF-8" },
    body:
      "<!DOCTYPE html>\n<html lang=en><meta charset=utf-8><title>Error 404 (Not Found)!!1</title>" +
      `<p><b>404.</b> <ins>That’s an error.</ins><p>The requested URL <code>${path.replace(/[<>&"]/g, "")}</code> ` +
      "was not found on this server.  <ins>That’s all we know.</ins></html>",
  };
}

/** The token endpoint's RFC 6749 error. */
export function oauthError(status: number, error: string, description: string): SandboxReply {
  return {
    status,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "cache-control": "no-cache, no-store, max-age=0, must-revalidate",
      pragma: "no-cache",
    },
    body: { error, error_description: description },
  };
}

/** The consent screen's error page ("Error 400: redirect_uri_mismatch"), shown instead of redirecting. */
export function oauthErrorPage(status: number, error: string, description: string): SandboxReply {
  return {
    status,
    headers: { "content-type": "text/html; charset=utf-8" },
    body: `<!DOCTYPE html><html><title>Error ${status}: ${error}</title><h1>Access blocked: authorization error</h1><p>${description.replace(/[<>&"]/g, "")}</p><p>Error ${status}: ${error}</p></html>`,
  };
}
