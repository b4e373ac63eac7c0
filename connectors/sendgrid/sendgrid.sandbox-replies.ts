import type { SandboxReply } from "../sandbox/sandbox.js";

/**
 * SendGrid's error answers, `{ errors: [{ message, field, help }] }`. Messages marked (verified)
 * were seen in SendGrid's spec examples or in public issue threads quoting real answers; the
 * others follow the same shape with wording we could not confirm.
 */
export interface SendgridErrorEntry {
  message: string;
  field: string | null;
  help?: string | null;
}

export function errorReply(
  status: number,
  errors: SendgridErrorEntry[],
  headers: Record<string, string> = {},
): SandboxReply {
  return {
    status,
    headers: { "content-type": "application/json", ...headers },
    body: { errors },
  };
}

export function oneError(message: string, field: string | null = null, help: string | null = null) {
  return [{ message, field, help }];
}

/** No Authorization header (verified: spec example of GET /v3/scopes 401). */
export const AUTHORIZATION_REQUIRED = "authorization required";
/** A wrong, deleted or revoked key (verified: quoted in sendgrid-php #793 and others). */
export const GRANT_INVALID = "The provided authorization grant is invalid, expired, or revoked";
/** A key without the scope (verified: spec example of 403). */
export const ACCESS_FORBIDDEN = "access forbidden";
/** Rate limited (verified: PROVIDERS.md §17). */
export const TOO_MANY_REQUESTS = "too many requests";
/** A body SendGrid cannot read at all (verified: sendgrid/docs #5060, sendgridjs #11). */
export const BAD_REQUEST = "Bad Request";
/** Not JSON, answered with 415 (verified: sendgrid-csharp #929, sendgrid-python #214). */
export const CONTENT_TYPE_JSON = "Content-Type should be application/json.";
/** Over 30 MB (spec example of 413). */
export const CONTENT_TOO_LARGE = "content too large";
/** A `from` that is not a verified sender, 403 with field "from" (verified: triggerify #99). */
export const SENDER_IDENTITY =
  "The from address does not match a verified Sender Identity. Mail cannot be sent until this error is resolved. Visit https://sendgrid.com/docs/for-developers/sending-email/sender-identity/ to see the Sender Identity requirements";
/** Unknown path and wrong method (spec examples of 404 and 405). */
export const NOT_FOUND = "not found";
export const METHOD_NOT_ALLOWED = "method not allowed";
/** An outage (unverified: SendGrid's 5xx bodies are not documented beyond "internal server error"). */
export const SERVICE_UNAVAILABLE = "service unavailable";

/** Mail Send validation errors link to the error reference (the anchor scheme is unverified). */
export function mailHelp(field: string): string {
  const anchor = field.replace(/\.\d+/g, "");
  return `http://sendgrid.com/docs/API_Reference/Web_API_v3/Mail/errors.html#message.${anchor}`;
}
