import type { OpenApiIssue } from "../sandbox/openapi-validator.js";
import type { Fault, RenderedFaultKind, SandboxReply } from "../sandbox/sandbox.js";

/**
 * SendGrid's error answers, `{ errors: [{ message, field, help }] }`, and injected faults rendered
 * in them. Messages marked (verified) were seen in SendGrid's spec examples or in public issue
 * threads quoting real answers; the others follow the same shape with wording we could not confirm.
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
  return { status, headers: { "content-type": "application/json", ...headers }, body: { errors } };
}

export function oneError(message: string, field: string | null = null): SendgridErrorEntry[] {
  return [{ message, field, help: null }];
}

/** No Authorization header (verified: spec example of GET /v3/scopes 401); no `help` key. */
export const AUTHORIZATION_REQUIRED = "authorization required";
/** A wrong, deleted or revoked key (verified: quoted in sendgrid-php #793 and others). */
export const GRANT_INVALID = "The provided authorization grant is invalid, expired, or revoked";
/** A key without the scope (verified: spec example of 403); no `help` key. */
export const ACCESS_FORBIDDEN = "access forbidden";
/** Rate limited (verified: PROVIDERS.md §17); no `help` key. */
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
const SERVICE_UNAVAILABLE = "service unavailable";

/** A refusal with no `help` key, as SendGrid words its auth, scope and rate refusals. */
export function bare(status: number, message: string, headers: Record<string, string>) {
  return errorReply(status, [{ field: null, message }], headers);
}

/** Mail Send validation errors link to the error reference (the anchor scheme is unverified). */
function mailHelp(field: string): string {
  const anchor = field.replace(/\.\d+/g, "");
  return `http://sendgrid.com/docs/API_Reference/Web_API_v3/Mail/errors.html#message.${anchor}`;
}

/** Mail Send's words for the fields it refuses (the cross-field ones from memory, unverified). */
export const MAIL_MESSAGES = {
  personalizations:
    "The personalizations field is required and must have at least one personalization.",
  to: "The to array is required for all personalization objects, and must have at least one email object with a valid email address.",
  from: "The from object must be provided for every email send. It is an object that requires the email parameter, but may also contain a name parameter.",
  subject:
    "The subject is required. You can get around this requirement if you use a template with a subject defined or if every personalization has a subject defined.",
  content:
    "Unless a valid template_id is provided, the content parameter is required. There must be at least one defined content block.",
  contentValue: "The content value must be a string at least one character in length.",
  contentType: "The content type must be a string at least one character in length.",
  address: "Does not contain a valid address.",
} as const;

export function mailError(field: string, message: string): SendgridErrorEntry {
  return { message, field, help: mailHelp(field) };
}

/** The schema complaints SendGrid words its own way. */
function knownWords(field: string, issue: string): string | undefined {
  if (/(^|\.)email$/.test(field) && issue.includes("format")) {
    return MAIL_MESSAGES.address;
  }
  if (/^content\.\d+\.(value|type)$/.test(field)) {
    return field.endsWith("value") ? MAIL_MESSAGES.contentValue : MAIL_MESSAGES.contentType;
  }
  return field === "personalizations" || field === "from" ? MAIL_MESSAGES[field] : undefined;
}

/** An OpenAPI issue in SendGrid's words, where we know them. */
export function describeIssue({ field, message }: OpenApiIssue): SendgridErrorEntry {
  return mailError(field, knownWords(field, message) ?? `The ${field} field ${message}.`);
}

/** An injected fault as SendGrid would answer it; `headers` are the key's rate-limit headers. */
export function renderFault(
  kind: RenderedFaultKind,
  fault: Fault,
  headers: Record<string, string>,
  now: number,
): SandboxReply {
  switch (kind) {
    case "RATE_LIMITED": {
      const reset = Math.ceil(now / 1000 + (fault.retryAfterSeconds ?? 1));
      return bare(429, TOO_MANY_REQUESTS, {
        ...headers,
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": String(reset),
      });
    }
    case "UNAVAILABLE":
      return bare(503, SERVICE_UNAVAILABLE, headers);
    case "AUTH_EXPIRED":
    case "AUTH_REVOKED":
      return errorReply(401, oneError(GRANT_INVALID), headers);
    case "PERMISSION_DENIED":
      return bare(403, ACCESS_FORBIDDEN, headers);
    case "INVALID_REQUEST":
      return errorReply(400, oneError(BAD_REQUEST), headers);
  }
}

/**
 * Fixed-window counters behind `X-RateLimit-Limit/Remaining/Reset` (Reset is epoch seconds), one
 * window per key, method and path. SendGrid does not publish its per-endpoint numbers
 * (unverified); 600 a minute is our default.
 */
export class RateWindows {
  private readonly windows = new Map<string, { startsAt: number; used: number }>();
  private readonly windowMs = 60_000;

  constructor(public limit = 600) {}

  private current(bucket: string, now: number) {
    const startsAt = Math.floor(now / this.windowMs) * this.windowMs;
    let window = this.windows.get(bucket);
    if (window?.startsAt !== startsAt) {
      window = { startsAt, used: 0 };
      this.windows.set(bucket, window);
    }
    return window;
  }

  private headers(window: { startsAt: number; used: number }): Record<string, string> {
    return {
      "X-RateLimit-Limit": String(this.limit),
      "X-RateLimit-Remaining": String(Math.max(0, this.limit - window.used)),
      "X-RateLimit-Reset": String(Math.ceil((window.startsAt + this.windowMs) / 1000)),
    };
  }

  /** Counts one request; `allowed` is false once the window is used up. */
  take(bucket: string, now: number): { allowed: boolean; headers: Record<string, string> } {
    const window = this.current(bucket, now);
    const allowed = window.used < this.limit;
    window.used += allowed ? 1 : 0;
    return { allowed, headers: this.headers(window) };
  }

  /** The headers of an answer that does not count (a refusal before the count, a fault). */
  peek(bucket: string, now: number): Record<string, string> {
    return this.headers(this.current(bucket, now));
  }
}
