import { ConnectorError } from "../kit/connector-error.js";
import type { Classifier } from "../kit/default-classifier.js";
import { parseRetryAfter } from "../kit/retry-policy.js";
import { parseErrors } from "./sendgrid.schemas.js";

/**
 * SendGrid reports every failure by HTTP status, with `{ errors: [{ message, field, help }] }`;
 * there are no errors inside HTTP 200 answers and no numeric error codes. `providerCode` is the
 * status, plus the offending field when SendGrid names one (`403:from`, `400:personalizations.0.to.0.email`).
 *
 * A send to a suppressed (unsubscribed, bounced, spam-reporting) address is not refused here: SendGrid
 * answers 202 and reports a `dropped` event, which the webhook handler turns into an opt-out.
 */

/** `X-RateLimit-Reset` is an epoch in seconds at SendGrid; Retry-After wins if one is ever sent. */
export function sendgridWait(headers: Headers, now = Date.now()): number | undefined {
  const retryAfter = parseRetryAfter(headers.get("retry-after"), now);
  if (retryAfter !== undefined) {
    return retryAfter;
  }
  const reset = Number(headers.get("x-ratelimit-reset"));
  if (!headers.get("x-ratelimit-reset") || !Number.isFinite(reset)) {
    return undefined;
  }
  return Math.max(0, Math.round(reset * 1000 - now));
}

export const classifySendgrid: Classifier = (response, provider) => {
  const { status } = response;
  if (status < 400) {
    return undefined;
  }
  const field = parseErrors(response.body).find(entry => entry.field)?.field;
  const providerCode = field ? `${status}:${field}` : status;
  const details = { provider, providerCode };
  const where = field ? ` (field ${field})` : "";
  if (status === 401) {
    // API keys never expire at SendGrid: a refused key was deleted or is wrong, so the user has
    // to supply a new one. There is no AUTH_EXPIRED signal to give.
    return new ConnectorError("AUTH_REVOKED", `${provider} refused the API key`, details);
  }
  if (status === 403) {
    return new ConnectorError(
      "PERMISSION_DENIED",
      `${provider} denied the operation${where}`,
      details,
    );
  }
  if (status === 429) {
    return new ConnectorError("RATE_LIMITED", `${provider} is rate limiting`, {
      ...details,
      retryAfterMs: sendgridWait(response.headers),
    });
  }
  if (status >= 500) {
    // Every SendGrid answer carries X-RateLimit-Reset; on a 5xx it only describes the quota
    // window, so only an explicit Retry-After is a wait to honour.
    return new ConnectorError("UNAVAILABLE", `${provider} is unavailable (HTTP ${status})`, {
      ...details,
      retryAfterMs: parseRetryAfter(response.headers.get("retry-after")),
    });
  }
  // 400 (validation), 413 (too large), 415 (not JSON), 404 and 405: the request must change.
  return new ConnectorError(
    "INVALID_REQUEST",
    `${provider} refused the request (HTTP ${status})${where}`,
    details,
  );
};
