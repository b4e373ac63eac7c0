import { ConnectorError } from "../kit/connector-error.js";
import { providerWait, statusClassifier, type Classifier } from "../kit/default-classifier.js";
import { parseTwilioError } from "./twilio.schemas.js";

/**
 * Reads Twilio's failures: a non-2xx status with a JSON body `{code, message, more_info, status}`.
 * Twilio never reports an error inside an HTTP 200/201 body; a message that fails after it was
 * accepted is reported later by its status callback (`undelivered`/`failed` with an ErrorCode).
 * The HTTP status is read as the kit reads it; Twilio's code is the provider code, and decides
 * the kind where the status only says the request was refused.
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

/** What the kinds a code can name say, in the error's message. */
const WHAT = {
  RATE_LIMITED: "is rate limiting",
  AUTH_REVOKED: "rejected the Account SID and auth token",
  PERMISSION_DENIED: "denied the operation",
} as const;

/** Codes that mean more than a refused request, whatever 4xx status carries them. */
const CODE_KINDS = new Map<number, keyof typeof WHAT>([
  // 20429 requests are never processed (Twilio's docs), so even a send may be retried.
  [20429, "RATE_LIMITED"],
  // Authenticate: see `unauthorized` below.
  [20003, "AUTH_REVOKED"],
  // The account may not do this: geo permissions, unroutable destinations, a suspended account.
  [10001, "PERMISSION_DENIED"], // account is not active
  [20005, "PERMISSION_DENIED"], // account not active
  [20403, "PERMISSION_DENIED"], // 403 Forbidden: account suspended or closed
  [21408, "PERMISSION_DENIED"], // SMS to this region is not enabled (geo permissions)
  [21612, "PERMISSION_DENIED"], // Twilio cannot route to this 'To' number
]);

const byStatus = statusClassifier({
  // Twilio auth tokens do not expire: a refused AccountSid/AuthToken pair was rotated or revoked
  // (or is wrong), and no refresh exists. The user must enter the current token.
  unauthorized: "AUTH_REVOKED",
  // Twilio sends no Retry-After with 20429; when one is present it is honoured (the default wait).
  describe: response => {
    const code = parseTwilioError(response.body)?.code;
    if (code === undefined) {
      return { providerCode: response.status, detail: "" };
    }
    const optOut = TWILIO_OPT_OUT_CODES.has(code)
      ? ": the recipient has unsubscribed from this sender"
      : "";
    return { providerCode: code, detail: ` (code ${code}${optOut})` };
  },
});

export const classifyTwilio: Classifier = (response, provider) => {
  const failure = byStatus(response, provider);
  if (!failure) {
    return undefined;
  }
  const requestId = response.headers.get("twilio-request-id");
  const code = parseTwilioError(response.body)?.code;
  const details = {
    ...failure.details,
    ...(requestId ? { providerRequestId: requestId } : {}),
    ...(code !== undefined && TWILIO_OPT_OUT_CODES.has(code) ? { optOut: true } : {}),
  };
  const kind =
    failure.kind === "INVALID_REQUEST" && code !== undefined ? CODE_KINDS.get(code) : undefined;
  if (!kind) {
    return new ConnectorError(failure.kind, failure.message, details);
  }
  const wait = kind === "RATE_LIMITED" ? providerWait(response.headers) : undefined;
  return new ConnectorError(kind, `${provider} ${WHAT[kind]} (code ${code})`, {
    ...details,
    ...(wait !== undefined ? { retryAfterMs: wait } : {}),
  });
};
