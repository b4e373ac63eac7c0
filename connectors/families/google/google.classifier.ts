import { ConnectorError } from "../../kit/connector-error.js";
import {
  classifyByStatus,
  providerWait,
  statusClassifier,
  type Classifier,
} from "../../kit/default-classifier.js";
import { classifyTokenResponse } from "../../kit/oauth2.js";
import { isOAuthError, parseGoogleError, type GoogleError } from "./google.errors.js";

/**
 * How Google APIs fail (https://cloud.google.com/apis/design/errors,
 * https://developers.google.com/workspace/gmail/api/guides/handle-errors), for any Google product:
 *
 * - No errors inside HTTP 200: every failure carries a 4xx or 5xx status.
 * - 401 (`authError`, UNAUTHENTICATED) is AUTH_EXPIRED: Google answers the same for an expired
 *   and a revoked access token; the refresh grant then tells them apart (`invalid_grant`).
 * - 429 (RESOURCE_EXHAUSTED) and a 403 whose reason is a usage limit are RATE_LIMITED; the wait is
 *   Retry-After when present, else what the product writes into its message (`waitInMessage`).
 * - Any other 403 (`insufficientPermissions`, `forbidden`) is PERMISSION_DENIED; other 4xx are
 *   INVALID_REQUEST; 5xx is UNAVAILABLE (the kit's reading).
 * - An RFC 6749 body (a token-endpoint answer read through this classifier) is read as OAuth.
 *
 * The provider code kept is Google's `reason`, else its `status`, else the HTTP status. Google's
 * message text is never copied into the error: it may quote addresses.
 */
export const GOOGLE_RATE_LIMIT_REASONS: readonly string[] = [
  "rateLimitExceeded",
  "userRateLimitExceeded",
  // Daily project quota, documented for Google APIs generally.
  "dailyLimitExceeded",
  "quotaExceeded",
];

export interface GoogleClassifierOptions {
  /** A product's own reasons that also mean "slow down" (YouTube's, say). */
  rateLimitReasons?: readonly string[];
  /** The wait a product writes into a rate-limit message, when it sends no Retry-After (ms). */
  waitInMessage?: (message: string | undefined) => number | undefined;
}

function codeOf(error: GoogleError | undefined, status: number): string | number {
  return error?.reasons[0] ?? error?.status ?? status;
}

export function createGoogleClassifier(options: GoogleClassifierOptions = {}): Classifier {
  const rateLimitReasons = new Set([
    ...GOOGLE_RATE_LIMIT_REASONS,
    ...(options.rateLimitReasons ?? []),
  ]);
  const byStatus = statusClassifier({
    describe: response => {
      const code = codeOf(parseGoogleError(response.body), response.status);
      return { providerCode: code, detail: ` (${String(code)})` };
    },
  });
  return (response, provider) => {
    const { status, headers } = response;
    if (status < 400) {
      return undefined;
    }
    if (isOAuthError(response.body)) {
      return classifyTokenResponse(response, provider) ?? classifyByStatus(response, provider);
    }
    const error = parseGoogleError(response.body);
    const rateLimited =
      status === 429 ||
      (status === 403 && (error?.reasons ?? []).some(reason => rateLimitReasons.has(reason)));
    if (!rateLimited) {
      return byStatus(response, provider);
    }
    const wait = providerWait(headers) ?? options.waitInMessage?.(error?.message);
    return new ConnectorError("RATE_LIMITED", `${provider} is rate limiting`, {
      provider,
      providerCode: codeOf(error, status),
      ...(wait !== undefined ? { retryAfterMs: wait } : {}),
    });
  };
}
