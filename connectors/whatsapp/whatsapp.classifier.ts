import { ConnectorError, type ConnectorErrorKind } from "../kit/connector-error.js";
import { classifyByStatus, providerWait, type Classifier } from "../kit/default-classifier.js";
import { parseGraphError, regainAccessMinutes, type GraphError } from "./whatsapp.schemas.js";

/**
 * Reads Graph error bodies (`{error:{message, type, code, error_subcode, is_transient,
 * fbtrace_id}}`) by their code, as Meta recommends, never by the HTTP status alone.
 * Codes: https://developers.facebook.com/docs/graph-api/guides/error-handling and
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes
 */

/** OAuthException: the access token is invalid. Subcode 463 means it expired. */
const TOKEN_INVALID = 190;
const TOKEN_EXPIRED_SUBCODE = 463;
/** 102 (API session) and 104 (no access token) also need new credentials (Graph error guide). */
const CREDENTIALS_UNUSABLE = new Set([102, 104]);

/** 4 app, 17 user, 32 page, 613 call rate; 80007 WABA; 130429 throughput; 131048 spam; 131056 pair. */
const RATE_LIMITED = new Set([4, 17, 32, 613, 80007, 130429, 131048, 131056]);
/** 1 API unknown, 2 API service, 131000 something went wrong, 131016 service unavailable. */
const UNAVAILABLE = new Set([1, 2, 131000, 131016]);
/**
 * 100 invalid parameter, 131008 required parameter missing, 131009 parameter value not valid,
 * 131026 undeliverable, 131047 re-engagement (24 h window), 132000 template parameter count,
 * 132001 template does not exist.
 */
const INVALID_REQUEST = new Set([100, 131008, 131009, 131026, 131047, 132000, 132001]);
/** The user stopped marketing messages from this business: the runtime adds them to suppression. */
export const MARKETING_OPT_OUT_CODE = 131050;

const DESCRIPTIONS: Record<ConnectorErrorKind, string> = {
  AUTH_EXPIRED: "the access token has expired",
  AUTH_REVOKED: "the access token is no longer valid",
  PERMISSION_DENIED: "the token lacks the permission for this call",
  INVALID_REQUEST: "refused the request",
  RATE_LIMITED: "is rate limiting",
  UNAVAILABLE: "is temporarily unavailable",
  UNKNOWN_OUTCOME: "gave no usable answer",
};

function kindOf(error: GraphError): ConnectorErrorKind | undefined {
  const { code } = error;
  if (code === TOKEN_INVALID) {
    return error.subcode === TOKEN_EXPIRED_SUBCODE ? "AUTH_EXPIRED" : "AUTH_REVOKED";
  }
  if (CREDENTIALS_UNUSABLE.has(code)) {
    return "AUTH_REVOKED";
  }
  if (code === 10 || (code >= 200 && code <= 299)) {
    return "PERMISSION_DENIED";
  }
  if (RATE_LIMITED.has(code)) {
    return "RATE_LIMITED";
  }
  if (UNAVAILABLE.has(code) || error.isTransient) {
    return "UNAVAILABLE";
  }
  if (INVALID_REQUEST.has(code) || code === MARKETING_OPT_OUT_CODE) {
    return "INVALID_REQUEST";
  }
  return undefined;
}

/** The wait Meta announces: BUC `estimated_time_to_regain_access` (minutes), else Retry-After. */
function announcedWait(headers: Headers): number | undefined {
  const minutes = regainAccessMinutes(headers.get("x-business-use-case-usage"));
  return minutes !== undefined ? minutes * 60_000 : providerWait(headers);
}

export const classifyWhatsapp: Classifier = (response, provider) => {
  // Graph never reports a failure inside a 2xx body, but an `error` object is a failure whatever
  // the status says, so it is read first.
  const error = parseGraphError(response.body);
  if (!error) {
    return classifyByStatus(response, provider);
  }
  const kind = kindOf(error);
  if (!kind) {
    // A code we do not know: the HTTP status decides, and the provider code still goes to the logs.
    const fallback = classifyByStatus(response, provider);
    return fallback
      ? new ConnectorError(fallback.kind, `${provider} ${DESCRIPTIONS[fallback.kind]}`, {
          ...fallback.details,
          providerCode: error.code,
          providerRequestId: error.fbtraceId,
        })
      : new ConnectorError("INVALID_REQUEST", `${provider} ${DESCRIPTIONS.INVALID_REQUEST}`, {
          provider,
          providerCode: error.code,
          providerRequestId: error.fbtraceId,
        });
  }
  const subcode = error.subcode !== undefined ? `, subcode ${error.subcode}` : "";
  const retryable = kind === "RATE_LIMITED" || kind === "UNAVAILABLE";
  return new ConnectorError(
    kind,
    `${provider} ${DESCRIPTIONS[kind]} (code ${error.code}${subcode})`,
    {
      provider,
      providerCode: error.code,
      providerRequestId: error.fbtraceId ?? response.headers.get("x-fb-trace-id") ?? undefined,
      ...(retryable ? { retryAfterMs: announcedWait(response.headers) } : {}),
      ...(error.code === MARKETING_OPT_OUT_CODE ? { optOut: true } : {}),
    },
  );
};
