import { statusClassifier, type Classifier } from "../kit/default-classifier.js";
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

/**
 * 401: API keys never expire at SendGrid, so a refused key was deleted or is wrong and the user
 * has to supply a new one. 400 (validation), 413 (too large), 415 (not JSON), 404 and 405: the
 * request must change. Every SendGrid answer carries X-RateLimit-Reset; on a 5xx it only describes
 * the quota window, so only an explicit Retry-After is a wait to honour there.
 */
export const classifySendgrid: Classifier = statusClassifier({
  wait: headers => sendgridWait(headers),
  unauthorized: "AUTH_REVOKED",
  describe: response => {
    const field = parseErrors(response.body).find(entry => entry.field)?.field;
    return field
      ? { providerCode: `${response.status}:${field}`, detail: ` (field ${field})` }
      : { providerCode: response.status, detail: "" };
  },
});
