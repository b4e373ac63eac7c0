import {
  formBody,
  type Fault,
  type RenderedFaultKind,
  type SandboxReply,
  type SandboxRequest,
} from "../../../../connectors/sandbox/sandbox.js";
import type { SandboxContext } from "./example-shop.sandbox-state.js";

/**
 * Example Shop's answers as the sandbox sends them: the call limit header on every answer, the
 * `{errors}` body (a sentence, or messages by field), and the injected faults rendered in it.
 */
export const INVALID_TOKEN =
  "[API] Invalid API key or access token (unrecognized login or wrong password)";

export const reply = (
  status: number,
  body?: unknown,
  headers: Record<string, string> = {},
): SandboxReply => ({
  status,
  headers: { "x-shop-api-call-limit": "1/40", ...headers },
  body,
});
export const errors = (
  status: number,
  value: string | Record<string, string[]>,
  headers?: Record<string, string>,
) => reply(status, { errors: value }, headers);

function authFault(
  { accessTokens, refreshTokens }: SandboxContext,
  kind: "AUTH_EXPIRED" | "AUTH_REVOKED",
  request: SandboxRequest,
): SandboxReply {
  if (request.path === "/admin/oauth/access_token") {
    refreshTokens.revoke(formBody(request).get("refresh_token") ?? "");
    return reply(400, {
      error: "invalid_grant",
      error_description: "The refresh token was revoked.",
    });
  }
  const token = request.headers["x-example-access-token"];
  const held = accessTokens.check(token);
  accessTokens.applyFault(kind, token);
  if (kind === "AUTH_REVOKED" && held.ok) {
    // The merchant uninstalled the app: every token of the shop dies.
    accessTokens.revokePrincipal(held.credential.principal);
    refreshTokens.revokePrincipal(held.credential.principal);
  }
  return errors(401, INVALID_TOKEN);
}

export function renderFault(
  ctx: SandboxContext,
  kind: RenderedFaultKind,
  request: SandboxRequest,
  fault: Fault,
): SandboxReply {
  switch (kind) {
    case "RATE_LIMITED":
      return errors(
        429,
        "Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.",
        {
          "retry-after": `${fault.retryAfterSeconds ?? 2}.0`,
        },
      );
    case "UNAVAILABLE":
      return errors(503, "Service Unavailable");
    case "AUTH_EXPIRED":
    case "AUTH_REVOKED":
      return authFault(ctx, kind, request);
    case "PERMISSION_DENIED":
      return errors(403, "[API] This action requires merchant approval for write_discounts scope.");
    case "INVALID_REQUEST":
      return errors(400, { query: ["Required parameter missing or invalid"] });
  }
}
