import { randomBytes } from "node:crypto";
import type { JsonRecord } from "../kit/json.js";
import type { TokenCheck } from "../sandbox/oauth-authority.js";
import type { Fault, RenderedFaultKind, SandboxReply } from "../sandbox/sandbox.js";
import type { SlackCall, SlackSandboxDeps } from "./slack.sandbox-state.js";

/**
 * Slack's answers (https://docs.slack.dev/apis/web-api/#responses): JSON envelopes with an
 * `x-slack-req-id` header, `{ok:true, …, warning?}` or `{ok:false, error}` in HTTP 200, except
 * the rate limit: HTTP 429 with Retry-After in seconds. Injected faults are rendered in them.
 */
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

/** Slack's code for a token that did not check out. */
export function tokenRefused(reason: Extract<TokenCheck, { ok: false }>["reason"]): SandboxReply {
  const codes = {
    missing: "not_authed",
    invalid: "invalid_auth",
    expired: "token_expired",
    revoked: "token_revoked",
  } as const;
  return slackError(codes[reason]);
}

/** `missing_scope` naming the scope needed and those granted; undefined when it was granted. */
export function missingScope(granted: string[], needed: string): SandboxReply | undefined {
  return granted.includes(needed)
    ? undefined
    : slackError("missing_scope", { needed, provided: granted.join(",") });
}

/** Outside `/api/<method>` Slack answers an HTML page. */
export function notFoundPage(): SandboxReply {
  return { status: 404, headers: { "content-type": "text/html" }, body: "<p>Not found</p>" };
}

/** The scope a method needs, for a PERMISSION_DENIED fault's `missing_scope` answer. */
const METHOD_SCOPE: Record<string, string> = {
  "chat.postMessage": "chat:write",
  "conversations.history": "channels:history",
};

/**
 * An injected fault as Slack answers it. The auth faults act on the token in the request (the
 * bearer, or a refresh token's grant at oauth.v2.access), so what follows them is real.
 */
export function renderFault(
  deps: SlackSandboxDeps,
  kind: RenderedFaultKind,
  call: SlackCall,
  fault: Fault,
): SandboxReply {
  switch (kind) {
    case "RATE_LIMITED":
      return rateLimited(fault.retryAfterSeconds ?? 30);
    case "UNAVAILABLE":
      // Slack's transient failure inside HTTP 200; "some aspect of the operation" may have
      // succeeded, so writes must be looked up before they are tried again.
      return slackError("internal_error");
    case "AUTH_EXPIRED":
    case "AUTH_REVOKED": {
      if (call.method === "oauth.v2.access") {
        const refresh = call.args.get("refresh_token");
        if (refresh) {
          deps.authority.revokeRefresh(refresh);
        }
        return slackError("invalid_refresh_token");
      }
      if (call.token && kind === "AUTH_EXPIRED") {
        deps.authority.expire(call.token);
      } else if (call.token) {
        deps.authority.revoke(call.token);
      }
      return slackError(kind === "AUTH_EXPIRED" ? "token_expired" : "token_revoked");
    }
    case "PERMISSION_DENIED": {
      const check = deps.authority.check(call.token);
      const provided = check.ok ? check.grant.scopes.join(",") : "";
      const needed = METHOD_SCOPE[call.method] ?? "chat:write";
      return slackError("missing_scope", { needed, provided });
    }
    case "INVALID_REQUEST":
      return slackError("invalid_arguments");
  }
}
