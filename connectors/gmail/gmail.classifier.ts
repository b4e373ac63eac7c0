import { ConnectorError } from "../kit/connector-error.js";
import {
  classifyByStatus,
  providerWait,
  statusClassifier,
  type Classifier,
} from "../kit/default-classifier.js";
import { classifyTokenResponse } from "../kit/oauth2.js";
import { isOAuthError, parseGoogleError, type GoogleError } from "./gmail.schemas.js";

/**
 * Reads Gmail's failures (https://developers.google.com/workspace/gmail/api/guides/handle-errors).
 *
 * - Gmail has no errors inside HTTP 200: every failure carries a 4xx or 5xx status.
 * - 401 (`authError`, UNAUTHENTICATED) is AUTH_EXPIRED: Google answers the same for an expired
 *   and a revoked access token; the refresh grant then tells them apart (`invalid_grant`).
 * - 429 (RESOURCE_EXHAUSTED, `rateLimitExceeded`) and 403 with a usage-limit reason are
 *   RATE_LIMITED; the wait is Retry-After when present, else the "Retry after <time>" Gmail
 *   writes into the message of its per-user limits.
 * - Any other 403 (`insufficientPermissions`, `domainPolicy`, `forbidden` for delegation) is
 *   PERMISSION_DENIED; 400 and 404 are INVALID_REQUEST; 5xx is UNAVAILABLE (the kit's reading).
 * - Gmail has no opt-out code: bounces and unsubscribes arrive as email, not as API errors.
 *
 * The provider code kept is Google's `reason` (`insufficientPermissions`), else its `status`.
 * Google's message text is never copied into the error: it may quote addresses.
 */
const RATE_LIMIT_REASONS = new Set([
  "rateLimitExceeded",
  "userRateLimitExceeded",
  // Daily project quota (unverified for Gmail: documented for Google APIs generally).
  "dailyLimitExceeded",
  "quotaExceeded",
]);

/** "User-rate limit exceeded.  Retry after 2026-11-25T10:00:00.000Z" (Gmail's per-user limits). */
function retryAfterInMessage(message: string | undefined, now = Date.now()): number | undefined {
  const match = /Retry after (\d{4}-\d{2}-\d{2}T[\d:.]+Z)/.exec(message ?? "");
  const at = match?.[1] ? Date.parse(match[1]) : Number.NaN;
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function codeOf(error: GoogleError | undefined, status: number): string | number {
  return error?.reasons[0] ?? error?.status ?? status;
}

const byStatus = statusClassifier({
  describe: response => {
    const code = codeOf(parseGoogleError(response.body), response.status);
    return { providerCode: code, detail: ` (${String(code)})` };
  },
});

export const classifyGmail: Classifier = (response, provider) => {
  const { status, headers } = response;
  if (status < 400) {
    return undefined;
  }
  if (isOAuthError(response.body)) {
    // A token-endpoint answer read through this classifier: the OAuth dialect applies.
    return classifyTokenResponse(response, provider) ?? classifyByStatus(response, provider);
  }
  const error = parseGoogleError(response.body);
  const rateLimited =
    status === 429 ||
    (status === 403 && (error?.reasons ?? []).some(reason => RATE_LIMIT_REASONS.has(reason)));
  if (!rateLimited) {
    return byStatus(response, provider);
  }
  const wait = providerWait(headers) ?? retryAfterInMessage(error?.message);
  return new ConnectorError("RATE_LIMITED", `${provider} is rate limiting`, {
    provider,
    providerCode: codeOf(error, status),
    ...(wait !== undefined ? { retryAfterMs: wait } : {}),
  });
};
