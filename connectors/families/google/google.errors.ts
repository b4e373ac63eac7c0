import { isRecord, num, records, str } from "../../kit/json.js";

/**
 * Google's JSON error format, shared by every Google API (Gmail, YouTube Data, Google Ads' REST
 * interface): `{error:{code, message, status, errors:[{message, domain, reason}], details}}`
 * (https://cloud.google.com/apis/design/errors#http_mapping). The OAuth token endpoint speaks
 * RFC 6749 instead (`{error:"invalid_grant", error_description}`): see `isOAuthError`.
 */
export interface GoogleError {
  code?: number;
  /** The canonical code (`UNAUTHENTICATED`, `RESOURCE_EXHAUSTED`). */
  status?: string;
  message?: string;
  /** The legacy `errors[].reason` values (`authError`, `rateLimitExceeded`), in order. */
  reasons: string[];
  domains: string[];
}

export function parseGoogleError(body: unknown): GoogleError | undefined {
  const error = isRecord(body) && isRecord(body.error) ? body.error : undefined;
  if (!error) {
    return undefined;
  }
  const entries = records(error.errors);
  const code = num(error, "code");
  const status = str(error, "status");
  const message = str(error, "message");
  return {
    ...(code !== undefined ? { code } : {}),
    ...(status ? { status } : {}),
    ...(message ? { message } : {}),
    reasons: entries.flatMap(entry => str(entry, "reason") || []),
    domains: entries.flatMap(entry => str(entry, "domain") || []),
  };
}

/** An RFC 6749 token-endpoint error (`{error:"invalid_grant", error_description}`). */
export function isOAuthError(body: unknown): boolean {
  return isRecord(body) && typeof body.error === "string";
}
