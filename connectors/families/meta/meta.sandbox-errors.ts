import { randomBytes } from "node:crypto";
import type { SandboxReply } from "../../sandbox/sandbox.js";

/**
 * Graph's answers as every Meta sandbox renders them: the headers on every answer and error
 * bodies `{error:{message, type, code, error_subcode?, error_data?, is_transient, fbtrace_id}}`
 * with Meta's HTTP statuses per code (190 → 401, 10/200–299 → 403, throttling → 429, 2 → 503).
 * Messages follow Meta's wording where it is known; the marked ones are unverified.
 */
export interface GraphErrorInput {
  status: number;
  code: number;
  message: string;
  type?: string;
  subcode?: number;
  /** `error_data`, which some products add (`{messaging_product, details}`). */
  errorData?: Record<string, unknown>;
  transient?: boolean;
  headers?: Record<string, string>;
}

export function traceId(): string {
  return `A${randomBytes(15).toString("base64url")}`;
}

/** Headers Graph puts on every answer (the core logs x-fb-trace-id as the request id). */
export function graphHeaders(trace = traceId()): Record<string, string> {
  return { "x-fb-trace-id": trace, "x-fb-request-id": trace };
}

export function graphOk(body: unknown): SandboxReply {
  return { status: 200, headers: graphHeaders(), body };
}

export function graphError(input: GraphErrorInput): SandboxReply {
  const trace = traceId();
  return {
    status: input.status,
    // No WWW-Authenticate on 401s: classifiers read the body, never that header.
    headers: { ...graphHeaders(trace), ...input.headers },
    body: {
      error: {
        message: input.message,
        type: input.type ?? "OAuthException",
        code: input.code,
        ...(input.subcode !== undefined ? { error_subcode: input.subcode } : {}),
        ...(input.errorData !== undefined ? { error_data: input.errorData } : {}),
        is_transient: input.transient ?? false,
        fbtrace_id: trace,
      },
    },
  };
}

/** `X-Business-Use-Case-Usage` announcing a wait in whole minutes for one object's use case. */
export function businessUseCaseUsage(
  objectId: string,
  type: string,
  minutes: number,
): Record<string, string> {
  const usage = { type, call_count: 100, total_cputime: 0, total_time: 0 };
  return {
    "x-business-use-case-usage": JSON.stringify({
      [objectId]: [{ ...usage, estimated_time_to_regain_access: minutes }],
    }),
  };
}

const DAY_FORMAT = new Intl.DateTimeFormat("en-US", {
  weekday: "long",
  day: "2-digit",
  month: "short",
  year: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hour12: false,
  timeZone: "UTC",
});

export const graphErrors = {
  /** A token Graph cannot parse or does not know. */
  invalidToken: () =>
    graphError({
      status: 401,
      code: 190,
      message: "Invalid OAuth access token - Cannot parse access token",
    }),
  expiredToken: (expiredAt: Date, now: Date) =>
    graphError({
      status: 401,
      code: 190,
      subcode: 463,
      message: `Error validating access token: Session has expired on ${DAY_FORMAT.format(expiredAt)} UTC. The current time is ${DAY_FORMAT.format(now)} UTC.`,
    }),
  /** Which subcode Meta uses for a revoked system-user token is unverified; 460 is "session invalidated". */
  revokedToken: () =>
    graphError({
      status: 401,
      code: 190,
      subcode: 460,
      message:
        "Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.",
    }),
  /** HTTP status unverified (400 or 401). */
  missingToken: () =>
    graphError({
      status: 400,
      code: 104,
      message: "An access token is required to request this resource.",
    }),
  permissionDenied: () =>
    graphError({
      status: 403,
      code: 10,
      message: "(#10) Application does not have permission for this action",
    }),
  /** An unknown object, or one the token may not see (Graph does not say which). */
  unsupported: (method: string, id: string) =>
    graphError({
      status: 400,
      code: 100,
      subcode: 33,
      type: "GraphMethodException",
      message: `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
    }),
  unknownPath: (path: string) =>
    graphError({ status: 400, code: 2500, message: `Unknown path components: ${path}` }),
  invalidParameter: (message: string, errorData?: Record<string, unknown>) =>
    graphError({ status: 400, code: 100, message: `(#100) ${message}`, errorData }),
  unavailable: () =>
    graphError({
      status: 503,
      code: 2,
      message: "(#2) Service temporarily unavailable",
      transient: true,
    }),
};
