import { ConnectorError } from "../kit/connector-error.js";
import { providerWait, type Classifier } from "../kit/default-classifier.js";
import { parseTwilioError } from "./twilio.schemas.js";

/**
 * Reads Twilio's failures: a non-2xx status with a JSON body `{code, message, more_info, status}`.
 * Twilio never reports an error inside an HTTP 200/201 body; a message that fails after it was
 * accepted is reported later by its status callback (`undelivered`/`failed` with an ErrorCode).
 * Codes: https://www.twilio.com/docs/api/errors (each one named below was checked there).
 */

/** The recipient replied STOP (or is blocked for this sender): add them to the suppression list. */
export const TWILIO_OPT_OUT_CODES: ReadonlySet<number> = new Set([21610]);

/*
 * Everything else in 4xx is INVALID_REQUEST: the request itself is wrong and fails again unchanged.
 * Among them: 21211 invalid 'To', 21212 invalid 'From', 21602 body required, 21603 'From'
 * required, 21604 'To' required (also what Twilio answers a body that is not form-encoded),
 * 21606/21659 'From' not a usable number of this account, 21609 invalid StatusCallback,
 * 21614 'To' cannot receive SMS, 21617 body over 1,600 characters, 20404 not found.
 */

/** The account may not do this: geo permissions, unroutable destinations, a suspended account. */
const PERMISSION_CODES = new Set([
  10001, // account is not active
  20005, // account not active
  20403, // 403 Forbidden: account suspended or closed
  21408, // SMS to this region is not enabled (geo permissions)
  21612, // Twilio cannot route to this 'To' number
]);

const AUTHENTICATE = 20003;
const TOO_MANY_REQUESTS = 20429;

export const classifyTwilio: Classifier = (response, provider) => {
  const { status, headers } = response;
  if (status < 400) {
    return undefined;
  }
  const error = parseTwilioError(response.body);
  const code = error?.code;
  const requestId = headers.get("twilio-request-id");
  const details = {
    provider,
    providerCode: code ?? status,
    ...(requestId ? { providerRequestId: requestId } : {}),
  };
  const label = code === undefined ? `HTTP ${status}` : `code ${code}`;

  if (status === 429 || code === TOO_MANY_REQUESTS) {
    // 20429 requests are never processed (Twilio's docs), so even a send may be retried. Twilio
    // sends no Retry-After with 20429; when one is present it is honoured.
    const retryAfterMs = providerWait(headers);
    return new ConnectorError("RATE_LIMITED", `${provider} is rate limiting (${label})`, {
      ...details,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  }
  if (status === 401 || code === AUTHENTICATE) {
    // Twilio auth tokens do not expire: a refused AccountSid/AuthToken pair was rotated or
    // revoked (or is wrong), and no refresh exists. The user must enter the current token.
    return new ConnectorError(
      "AUTH_REVOKED",
      `${provider} rejected the Account SID and auth token (${label})`,
      details,
    );
  }
  if (code !== undefined && TWILIO_OPT_OUT_CODES.has(code)) {
    return new ConnectorError(
      "INVALID_REQUEST",
      `${provider}: the recipient has unsubscribed from this sender (${label})`,
      details,
    );
  }
  if (status === 403 || (code !== undefined && PERMISSION_CODES.has(code))) {
    return new ConnectorError(
      "PERMISSION_DENIED",
      `${provider} denied the operation (${label})`,
      details,
    );
  }
  if (status >= 500) {
    const retryAfterMs = providerWait(headers);
    return new ConnectorError("UNAVAILABLE", `${provider} is unavailable (${label})`, {
      ...details,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  }
  return new ConnectorError(
    "INVALID_REQUEST",
    `${provider} refused the request (${label})`,
    details,
  );
};
