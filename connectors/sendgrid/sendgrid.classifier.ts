import { statusClassifier, type Classifier } from "../kit/default-classifier.js";
import { parseErrors } from "./sendgrid.schemas.js";

/**
 * SendGrid reports every failure by HTTP status, with `{ errors: [{ message, field, help }] }`;
 * there are no errors inside HTTP 200 answers and no numeric error codes. `providerCode` is the
 * status, plus the offending field when SendGrid names one (`403:from`, `400:personalizations.0.to.0.email`).
 *
 * A send to a suppressed (unsubscribed, bounced, spam-reporting) address is not refused here: SendGrid
 * answers 202 and reports a `dropped` event, which the webhook handler turns into an opt-out.
 */

/**
 * 401: API keys never expire at SendGrid, so a refused key was deleted or is wrong and the user
 * has to supply a new one. 400 (validation), 413 (too large), 415 (not JSON), 404 and 405: the
 * request must change. A 429's wait is Retry-After if one is ever sent, else `X-RateLimit-Reset`
 * (an epoch in seconds at SendGrid), as the kit reads them. Every SendGrid answer carries
 * X-RateLimit-Reset; on a 5xx it only describes the quota window, and the kit honours only an
 * explicit Retry-After there.
 */
export const classifySendgrid: Classifier = statusClassifier({
  unauthorized: "AUTH_REVOKED",
  describe: response => {
    const field = parseErrors(response.body).find(entry => entry.field)?.field;
    return field
      ? { providerCode: `${response.status}:${field}`, detail: ` (field ${field})` }
      : { providerCode: response.status, detail: "" };
  },
});
