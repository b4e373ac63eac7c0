import { googleErrors } from "../families/google/google.sandbox-errors.js";
import {
  bearerToken,
  type Fault,
  type RenderedFaultKind,
  type SandboxReply,
  type SandboxRequest,
} from "../sandbox/sandbox.js";

/**
 * Gmail's error bodies (https://developers.google.com/workspace/gmail/api/guides/handle-errors):
 * Google's format and common errors from the family, plus Gmail's own texts, and injected faults
 * on the API rendered in them: 429 RESOURCE_EXHAUSTED with Retry-After, 503 UNAVAILABLE, 401
 * UNAUTHENTICATED (AUTH_EXPIRED expires the request's token, AUTH_REVOKED revokes its grant: Google
 * answers both alike), 403 insufficientPermissions, 400 INVALID_ARGUMENT.
 */
export const gmailErrors = {
  ...googleErrors,
  /** A `userId` other than `me` or the token's own address. */
  delegationDenied: (userId: string) => googleErrors.forbidden(`Delegation denied for ${userId}`),
  /** Gmail's per-user limits: 429 with the "Retry after" time in the message, and Retry-After when given. */
  rateLimited(now: Date, retryAfterSeconds: number | undefined, what = ""): SandboxReply {
    const at = new Date(now.getTime() + (retryAfterSeconds ?? 1) * 1000).toISOString();
    const message = `User-rate limit exceeded.  Retry after ${at}${what}`;
    return googleErrors.rateLimited(message, retryAfterSeconds);
  },
};

/** What an injected auth fault does to the token in use (the Google OAuth server's grants). */
interface Tokens {
  expire(accessToken: string): void;
  revoke(accessToken: string): void;
}

export function renderApiFault(
  kind: RenderedFaultKind,
  request: SandboxRequest,
  fault: Fault,
  deps: { now: Date; tokens: Tokens; scopes: readonly string[] },
): SandboxReply {
  const bearer = bearerToken(request);
  switch (kind) {
    case "RATE_LIMITED":
      return gmailErrors.rateLimited(deps.now, fault.retryAfterSeconds);
    case "UNAVAILABLE":
      return gmailErrors.unavailable();
    case "AUTH_EXPIRED":
    case "AUTH_REVOKED":
      if (bearer) {
        deps.tokens[kind === "AUTH_EXPIRED" ? "expire" : "revoke"](bearer);
      }
      return gmailErrors.unauthenticated(!bearer);
    case "PERMISSION_DENIED":
      return gmailErrors.insufficientScopes(deps.scopes);
    case "INVALID_REQUEST":
      return request.path.endsWith("/messages/send")
        ? gmailErrors.invalidArgument("Invalid To header")
        : gmailErrors.failedPrecondition();
  }
}
