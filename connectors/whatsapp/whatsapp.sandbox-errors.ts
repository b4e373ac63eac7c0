import { randomBytes } from "node:crypto";
import type { SandboxReply } from "../sandbox/sandbox.js";

/**
 * Graph error bodies as the WhatsApp sandbox renders them: `{error:{message, type, code,
 * error_subcode?, error_data?:{messaging_product, details}, is_transient, fbtrace_id}}`, with
 * Meta's HTTP statuses per code (Meta's error-code tables: 190 → 401, 10/200–299 → 403,
 * throttling → 429, 132001 → 404, 2 → 503). Messages follow Meta's wording where it is known;
 * the exact wording of the marked ones is unverified.
 */
export interface GraphErrorInput {
  status: number;
  code: number;
  message: string;
  type?: string;
  subcode?: number;
  /** `error_data.details`, which WhatsApp errors carry. */
  details?: string;
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

export function graphError(input: GraphErrorInput): SandboxReply {
  const trace = traceId();
  return {
    status: input.status,
    // No WWW-Authenticate on 401s: the classifier reads the body, never that header.
    headers: { ...graphHeaders(trace), ...input.headers },
    body: {
      error: {
        message: input.message,
        type: input.type ?? "OAuthException",
        code: input.code,
        ...(input.subcode !== undefined ? { error_subcode: input.subcode } : {}),
        ...(input.details !== undefined
          ? { error_data: { messaging_product: "whatsapp", details: input.details } }
          : {}),
        is_transient: input.transient ?? false,
        fbtrace_id: trace,
      },
    },
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
  invalidParameter: (message: string, details?: string) =>
    graphError({ status: 400, code: 100, message: `(#100) ${message}`, details }),
  templateMissing: (name: string, language: string) =>
    graphError({
      status: 404,
      code: 132001,
      message: "(#132001) Template name does not exist in the translation",
      details: `template name (${name}) does not exist in ${language}`,
    }),
  templateParameters: (expected: number, got: number) =>
    graphError({
      status: 400,
      code: 132000,
      message: "(#132000) Number of parameters does not match the expected number of params",
      details: `body: number of localizable_params (${got}) does not match the expected number of params (${expected})`,
    }),
  /**
   * Throttling, with the wait in `X-Business-Use-Case-Usage` (minutes). Whether Meta sends the
   * BUC header with 130429 (throughput) as well as with 80007 (WABA) is unverified.
   */
  rateLimited: (code: 130429 | 80007, minutes: number, wabaId: string) =>
    graphError({
      status: 429,
      code,
      message: code === 130429 ? "(#130429) Rate limit hit" : "(#80007) Rate limit issues",
      details:
        code === 130429
          ? "Cloud API message throughput has been reached."
          : "The WhatsApp Business Account has reached its rate limit.",
      headers: {
        "x-business-use-case-usage": JSON.stringify({
          [wabaId]: [
            {
              type: "whatsapp_business_management",
              call_count: 100,
              total_cputime: 0,
              total_time: 0,
              estimated_time_to_regain_access: minutes,
            },
          ],
        }),
      },
    }),
  unavailable: () =>
    graphError({
      status: 503,
      code: 2,
      message: "(#2) Service temporarily unavailable",
      transient: true,
    }),
};
