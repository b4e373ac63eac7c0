import {
  bearerToken,
  formBody,
  type Fault,
  type RenderedFaultKind,
  type SandboxReply,
  type SandboxRequest,
} from "../../../../connectors/sandbox/sandbox.js";
import type { SandboxContext } from "./example-social.sandbox-state.js";

/**
 * Example Social's answers as the sandbox sends them: an `x-request-id` on every answer, the
 * `{error:{code,message}}` body, and the injected faults rendered in it.
 */
let requests = 0;
const requestId = () => `req_${process.pid}_${(requests += 1)}`;

export function reply(
  status: number,
  body?: unknown,
  headers: Record<string, string> = {},
): SandboxReply {
  return { status, headers: { "x-request-id": requestId(), ...headers }, body };
}

export const error = (
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
) => reply(status, { error: { code, message } }, headers);

/** An injected auth fault changes the credential the request carries, as a real one would. */
function authFault(
  { accessTokens, refreshTokens }: SandboxContext,
  kind: "AUTH_EXPIRED" | "AUTH_REVOKED",
  request: SandboxRequest,
): SandboxReply {
  if (request.path === "/oauth/token") {
    const refresh = formBody(request).get("refresh_token") ?? undefined;
    refreshTokens.applyFault("AUTH_REVOKED", refresh);
    return reply(400, {
      error: "invalid_grant",
      error_description: "The refresh token was revoked.",
    });
  }
  const token = bearerToken(request);
  const held = accessTokens.check(token);
  accessTokens.applyFault(kind, token);
  if (kind === "AUTH_EXPIRED") {
    return error(401, "token_expired", "The access token expired.");
  }
  if (held.ok) {
    // The user removed the app: every token of the account dies, refresh tokens included.
    accessTokens.revokePrincipal(held.credential.principal);
    refreshTokens.revokePrincipal(held.credential.principal);
  }
  return error(401, "invalid_token", "The access token was revoked.");
}

export function renderFault(
  ctx: SandboxContext,
  kind: RenderedFaultKind,
  request: SandboxRequest,
  fault: Fault,
): SandboxReply {
  switch (kind) {
    case "RATE_LIMITED":
      return error(429, "rate_limited", "Too many requests.", {
        "retry-after": String(fault.retryAfterSeconds ?? 60),
        "x-rate-limit-remaining": "0",
      });
    case "UNAVAILABLE":
      return error(503, "service_unavailable", "Example Social is temporarily unavailable.");
    case "AUTH_EXPIRED":
    case "AUTH_REVOKED":
      return authFault(ctx, kind, request);
    case "PERMISSION_DENIED":
      return error(403, "insufficient_scope", "The token lacks the scope this call needs.");
    case "INVALID_REQUEST":
      return error(400, "invalid_request", "The request is malformed.");
  }
}
