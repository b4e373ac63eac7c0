import { ConnectorError, type ConnectorErrorKind } from "../kit/connector-error.js";
import {
  classifyByStatus,
  providerWait,
  type Classifier,
  type ProviderResponse,
} from "../kit/default-classifier.js";
import { readEnvelope } from "./slack.schemas.js";

/**
 * Slack's failures (https://docs.slack.dev/apis/web-api/#errors): almost every error is HTTP 200
 * with `{ok:false, error:"<code>"}`; rate limits are HTTP 429 with Retry-After (seconds). The
 * token endpoint `oauth.v2.access` speaks the same dialect, so its codes live in the same table.
 * Codes not listed here (channel_not_found, msg_too_long, no_text, invalid_arguments,
 * invalid_blocks, is_archived, invalid_code, bad_redirect_uri, code_already_used,
 * invalid_grant_type and anything new) are the caller's request to fix: INVALID_REQUEST.
 */
const KINDS = new Map<string, ConnectorErrorKind>([
  ["token_expired", "AUTH_EXPIRED"],
  ["invalid_auth", "AUTH_REVOKED"],
  ["not_authed", "AUTH_REVOKED"],
  ["token_revoked", "AUTH_REVOKED"],
  ["account_inactive", "AUTH_REVOKED"],
  ["invalid_refresh_token", "AUTH_REVOKED"],
  ["invalid_grant", "AUTH_REVOKED"],
  ["missing_scope", "PERMISSION_DENIED"],
  ["not_in_channel", "PERMISSION_DENIED"],
  ["restricted_action", "PERMISSION_DENIED"],
  ["ekm_access_denied", "PERMISSION_DENIED"],
  ["invalid_client_id", "PERMISSION_DENIED"],
  ["bad_client_secret", "PERMISSION_DENIED"],
  ["ratelimited", "RATE_LIMITED"],
  ["internal_error", "UNAVAILABLE"],
  ["fatal_error", "UNAVAILABLE"],
  ["service_unavailable", "UNAVAILABLE"],
  ["request_timeout", "UNAVAILABLE"],
]);

const WHAT: Record<ConnectorErrorKind, string> = {
  AUTH_EXPIRED: "the access token has expired",
  AUTH_REVOKED: "the token is invalid or was revoked",
  PERMISSION_DENIED: "the app may not do this",
  INVALID_REQUEST: "refused the request",
  RATE_LIMITED: "is rate limiting",
  UNAVAILABLE: "is unavailable",
  UNKNOWN_OUTCOME: "gave no usable answer",
};

export function slackErrorKind(code: string): ConnectorErrorKind {
  return KINDS.get(code) ?? "INVALID_REQUEST";
}

/** A ConnectorError for a Slack error code; the code goes to `providerCode`, never a body. */
export function slackFailure(code: string, response: ProviderResponse): ConnectorError {
  const kind = slackErrorKind(code);
  const requestId = response.headers.get("x-slack-req-id") ?? undefined;
  const wait = kind === "RATE_LIMITED" ? providerWait(response.headers) : undefined;
  return new ConnectorError(kind, `slack: ${WHAT[kind]} (${code})`, {
    provider: "slack",
    providerCode: code,
    ...(requestId ? { providerRequestId: requestId } : {}),
    ...(wait !== undefined ? { retryAfterMs: wait } : {}),
  });
}

export const classifySlack: Classifier = (response, provider) => {
  const envelope = readEnvelope(response.body);
  if (response.status === 429 || response.status >= 500) {
    // HTTP semantics first: the wait (429) and outages (5xx) whatever the body says.
    const failure = classifyByStatus(response, provider);
    if (failure && envelope?.error) {
      failure.details.providerCode = envelope.error;
    }
    const requestId = response.headers.get("x-slack-req-id");
    if (failure && requestId) {
      failure.details.providerRequestId = requestId;
    }
    return failure;
  }
  if (response.status >= 400) {
    return envelope?.error
      ? slackFailure(envelope.error, response)
      : classifyByStatus(response, provider);
  }
  if (!envelope) {
    // Every Web API method answers a JSON envelope; anything else came from something between.
    return new ConnectorError("UNAVAILABLE", "slack answered with something that is not its API", {
      provider,
      providerCode: response.status,
    });
  }
  return envelope.ok ? undefined : slackFailure(envelope.error ?? "unknown_error", response);
};
