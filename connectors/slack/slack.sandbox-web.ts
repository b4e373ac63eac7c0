import { randomBytes } from "node:crypto";
import {
  bearerToken,
  formBody,
  jsonBody,
  type SandboxReply,
  type SandboxRequest,
} from "../sandbox/sandbox.js";
import { isRecord, type JsonRecord } from "./slack.schemas.js";

/**
 * How Slack reads a Web API call (https://docs.slack.dev/apis/web-api/): arguments from the query
 * string and from a form-encoded or JSON body; the token from `Authorization: Bearer`, or from a
 * form body's `token` (never from a JSON body). Answers are JSON envelopes, errors in HTTP 200.
 */
export interface SlackCall {
  method: string;
  args: JsonRecord;
  token?: string;
  tokenIn?: "header" | "body";
  encoding: "json" | "form" | "query";
  /** Warnings Slack adds to an answer (`missing_charset` for JSON without a charset). */
  warnings: string[];
}

export type CallOrReply = { call: SlackCall } | { reply: SandboxReply };

function headers(): Record<string, string> {
  return { "x-slack-req-id": randomBytes(16).toString("hex") };
}

export function slackOk(body: JsonRecord, warnings: string[] = []): SandboxReply {
  const warned = warnings.length
    ? { warning: warnings.join(","), response_metadata: { warnings } }
    : {};
  return { status: 200, headers: headers(), body: { ok: true, ...body, ...warned } };
}

export function slackError(error: string, extra: JsonRecord = {}, status = 200): SandboxReply {
  return { status, headers: headers(), body: { ok: false, error, ...extra } };
}

export function rateLimited(retryAfterSeconds: number): SandboxReply {
  const reply = slackError("ratelimited", {}, 429);
  return { ...reply, headers: { ...reply.headers, "retry-after": String(retryAfterSeconds) } };
}

export function readCall(request: SandboxRequest, method: string): CallOrReply {
  const args: JsonRecord = Object.fromEntries(request.query.entries());
  const header = bearerToken(request);
  const warnings: string[] = [];
  let encoding: SlackCall["encoding"] = "query";
  let bodyToken: string | undefined;
  if (request.rawBody.length > 0) {
    const contentType = (request.headers["content-type"] ?? "").toLowerCase();
    const [type = ""] = contentType.split(";").map(part => part.trim());
    if (!contentType) {
      return { reply: slackError("missing_post_type") };
    }
    if (type === "application/x-www-form-urlencoded") {
      encoding = "form";
      const form = formBody(request);
      Object.assign(args, Object.fromEntries(form.entries()));
      bodyToken = form.get("token") ?? undefined;
    } else if (type === "application/json") {
      encoding = "json";
      let parsed: unknown;
      try {
        parsed = jsonBody(request);
      } catch {
        return { reply: slackError("invalid_json") };
      }
      if (!isRecord(parsed)) {
        return { reply: slackError("json_not_object") };
      }
      // A token inside a JSON body is not read: it must come as a Bearer header.
      const { token: _ignored, ...rest } = parsed;
      Object.assign(args, rest);
      if (!contentType.includes("charset=")) {
        warnings.push("missing_charset");
      }
    } else {
      // Slack also takes multipart/form-data and text/plain; this sandbox does not read them.
      return { reply: slackError("invalid_post_type") };
    }
  }
  // Slack no longer reads tokens from query strings for apps created since 2021 (the exact
  // cut-over is unverified): a `?token=` stays unread here, so such a call is `not_authed`.
  delete args.token;
  const token = header ?? bodyToken;
  return {
    call: {
      method,
      args,
      encoding,
      warnings,
      ...(token ? { token, tokenIn: header ? "header" : "body" } : {}),
    },
  };
}

export function argString(args: JsonRecord, key: string): string | undefined {
  const value = args[key];
  if (typeof value === "string") {
    return value;
  }
  return typeof value === "number" || typeof value === "boolean" ? String(value) : undefined;
}

/** Booleans arrive as JSON booleans or as "true"/"1" in forms and query strings. */
export function argFlag(args: JsonRecord, key: string): boolean {
  const value = argString(args, key);
  return value === "true" || value === "1";
}

/** A JSON-valued argument: an object in JSON bodies, a JSON string in forms. */
export function argJson(args: JsonRecord, key: string): { value?: unknown; invalid: boolean } {
  const value = args[key];
  if (typeof value !== "string") {
    return { value, invalid: false };
  }
  try {
    return { value: JSON.parse(value), invalid: false };
  } catch {
    return { invalid: true };
  }
}
