import type { SandboxReply } from "../../sandbox/sandbox.js";

/**
 * Google's wire errors as a sandbox of any Google API renders them. API errors follow
 * https://cloud.google.com/apis/design/errors (`{error:{code, message, errors:[{message, domain,
 * reason}], status}}`, with `WWW-Authenticate` on 401 and on scope refusals); token-endpoint errors
 * are RFC 6749 JSON; the consent page and unknown URLs answer HTML, as Google's do.
 * Message texts are Google's where known; `details` entries are unverified.
 */
export interface GoogleErrorItem {
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
const NO_STORE = {
  "cache-control": "no-cache, no-store, max-age=0, must-revalidate",
  pragma: "no-cache",
};

export function googleError(
  code: number,
  status: string,
  message: string,
  errors: GoogleErrorItem[],
  headers: Record<string, string> = {},
  details?: unknown[],
): SandboxReply {
  return {
    status: code,
    headers: { "content-type": "application/json; charset=UTF-8", vary: "Origin", ...headers },
    body: { error: { code, message, errors, status, ...(details ? { details } : {}) } },
  };
}

/** One `errors[]` entry in the `global` domain, with the top-level message. */
function simple(code: number, status: string, message: string, reason: string, domain = "global") {
  return googleError(code, status, message, [{ message, domain, reason }]);
}

export const googleErrors = {
  /** No token, or one Google does not accept (expired, revoked, unknown: all look alike). */
  unauthenticated(missing: boolean): SandboxReply {
    const [message, item, reason, challenge] = missing
      ? [
          "Request is missing required authentication credential.",
          "Login Required.",
          "required",
          "",
        ]
      : [
          "Request had invalid authentication credentials.",
          "Invalid Credentials",
          "authError",
          ', error="invalid_token"',
        ];
    return googleError(
      401,
      "UNAUTHENTICATED",
      `${message} ${CREDENTIAL_HINT}`,
      [
        {
          message: item,
          domain: "global",
          reason,
          location: "Authorization",
          locationType: "header",
        },
      ],
      { "www-authenticate": `${BEARER_REALM}${challenge}` },
    );
  },
  /** The token lacks every scope the method accepts (`accepted`). */
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
  forbidden: (message: string) => simple(403, "PERMISSION_DENIED", message, "forbidden"),
  /** 429 RESOURCE_EXHAUSTED (`rateLimitExceeded`), with Retry-After when the product sends one. */
  rateLimited(message: string, retryAfterSeconds?: number): SandboxReply {
    return googleError(
      429,
      "RESOURCE_EXHAUSTED",
      message,
      [{ message, domain: "usageLimits", reason: "rateLimitExceeded" }],
      retryAfterSeconds !== undefined ? { "retry-after": String(retryAfterSeconds) } : {},
    );
  },
  /** The per-user project quota (legacy 403 form, no Retry-After). */
  userRateLimited: () =>
    simple(
      403,
      "PERMISSION_DENIED",
      "User Rate Limit Exceeded",
      "userRateLimitExceeded",
      "usageLimits",
    ),
  unavailable: () =>
    simple(503, "UNAVAILABLE", "The service is currently unavailable.", "backendError"),
  invalidArgument: (message: string) => simple(400, "INVALID_ARGUMENT", message, "invalidArgument"),
  failedPrecondition: () =>
    simple(400, "FAILED_PRECONDITION", "Precondition check failed.", "failedPrecondition"),
  /** A body that is not JSON (the form-encoded body of a JSON method, say). Text unverified. */
  invalidJson: () =>
    simple(
      400,
      "INVALID_ARGUMENT",
      "Invalid JSON payload received. Unexpected token.",
      "badRequest",
    ),
  notFound: () => simple(404, "NOT_FOUND", "Requested entity was not found.", "notFound"),
};

const htmlText = (text: string) => text.replace(/[<>&"]/g, "");

/** Google front end's HTML 404 for a URL no API serves. */
export function notFoundPage(path: string): SandboxReply {
  return {
    status: 404,
    headers: { "content-type": "text/html; charset=UTF-8" },
    body:
      "<!DOCTYPE html>\n<html lang=en><meta charset=utf-8><title>Error 404 (Not Found)!!1</title>" +
      `<p><b>404.</b> <ins>That’s an error.</ins><p>The requested URL <code>${htmlText(path)}</code> ` +
      "was not found on this server.  <ins>That’s all we know.</ins></html>",
  };
}

/** The token endpoint's RFC 6749 error. */
export function oauthError(status: number, error: string, description: string): SandboxReply {
  return {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...NO_STORE },
    body: { error, error_description: description },
  };
}

/** The token endpoint's answer: Google's JSON, never cached. */
export function oauthAnswer(body: Record<string, unknown>): SandboxReply {
  return {
    status: 200,
    headers: { "content-type": "application/json; charset=utf-8", ...NO_STORE },
    body,
  };
}

/** The consent screen's error page ("Error 400: redirect_uri_mismatch"), shown instead of redirecting. */
export function oauthErrorPage(status: number, error: string, description: string): SandboxReply {
  return {
    status,
    headers: { "content-type": "text/html; charset=utf-8" },
    body: `<!DOCTYPE html><html><title>Error ${status}: ${error}</title><h1>Access blocked: authorization error</h1><p>${htmlText(description)}</p><p>Error ${status}: ${error}</p></html>`,
  };
}
