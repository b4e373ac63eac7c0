import type { JsonRecord } from "../../../../connectors/kit/json.js";
import {
  formBody,
  type Fault,
  type RenderedFaultKind,
  type SandboxReply,
  type SandboxRequest,
} from "../../../../connectors/sandbox/sandbox.js";
import type { SandboxContext } from "./example-ads.sandbox-state.js";

/**
 * Example Ads' answers as the sandbox sends them: every answer HTTP 200 in the
 * `{code,message,request_id,data}` envelope, refusals by code, and the injected faults in it.
 */
let requests = 0;
const requestId = () => `2026${process.pid}${String((requests += 1)).padStart(8, "0")}`;

/** Every answer: HTTP 200 and the envelope. */
export const answer = (code: number, message: string, data: JsonRecord = {}): SandboxReply => ({
  status: 200,
  body: { code, message, request_id: requestId(), data },
});
export const ok = (data: JsonRecord = {}) => answer(0, "OK", data);
export const invalid = (message: string) => answer(40002, message);
export const denied = () => answer(40001, "No permission to operate this advertiser.");

function authFault(
  { accessTokens, refreshTokens }: SandboxContext,
  kind: "AUTH_EXPIRED" | "AUTH_REVOKED",
  request: SandboxRequest,
): SandboxReply {
  if (request.path.endsWith("/oauth2/refresh_token/")) {
    refreshTokens.revoke(formBody(request).get("refresh_token") ?? "");
    return answer(40104, "The refresh token was revoked.");
  }
  const token = request.headers["access-token"];
  const held = accessTokens.check(token);
  accessTokens.applyFault(kind, token);
  if (kind === "AUTH_EXPIRED") {
    return answer(40101, "The access token has expired.");
  }
  if (held.ok) {
    // The user revoked the app: every token of the user dies, refresh tokens included.
    accessTokens.revokePrincipal(held.credential.principal);
    refreshTokens.revokePrincipal(held.credential.principal);
  }
  return answer(40102, "The access token was revoked.");
}

export function renderFault(
  ctx: SandboxContext,
  kind: RenderedFaultKind,
  request: SandboxRequest,
  fault: Fault,
): SandboxReply {
  switch (kind) {
    case "RATE_LIMITED":
      return answer(40100, "Too many requests.", {
        retry_after: fault.retryAfterSeconds ?? 60,
      });
    case "UNAVAILABLE":
      return answer(50002, "System error, please retry later.");
    case "AUTH_EXPIRED":
    case "AUTH_REVOKED":
      return authFault(ctx, kind, request);
    case "PERMISSION_DENIED":
      return denied();
    case "INVALID_REQUEST":
      return invalid("Invalid parameter.");
  }
}
