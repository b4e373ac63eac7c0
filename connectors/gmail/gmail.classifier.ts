import { createGoogleClassifier } from "../families/google/google.classifier.js";

/**
 * Reads Gmail's failures (https://developers.google.com/workspace/gmail/api/guides/handle-errors)
 * with the Google family's classifier: no errors inside HTTP 200; 401 is AUTH_EXPIRED (expired
 * and revoked tokens look alike until the refresh grant tells them apart); 429 and 403 with a
 * usage-limit reason (`userRateLimitExceeded`) are RATE_LIMITED; any other 403 is
 * PERMISSION_DENIED; 400 and 404 are INVALID_REQUEST; 5xx is UNAVAILABLE.
 *
 * Gmail's own part: its per-user limits write the wait into the message ("User-rate limit
 * exceeded.  Retry after 2026-11-25T10:00:00.000Z"), read when there is no Retry-After. Gmail has
 * no opt-out code: bounces and unsubscribes arrive as email, not as API errors.
 */
export function retryAfterInMessage(
  message: string | undefined,
  now = Date.now(),
): number | undefined {
  const match = /Retry after (\d{4}-\d{2}-\d{2}T[\d:.]+Z)/.exec(message ?? "");
  const at = match?.[1] ? Date.parse(match[1]) : Number.NaN;
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export const classifyGmail = createGoogleClassifier({
  waitInMessage: message => retryAfterInMessage(message),
});
