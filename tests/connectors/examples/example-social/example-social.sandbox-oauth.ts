import {
  basicCredentials,
  formBody,
  type SandboxReply,
  type SandboxRequest,
} from "../../../../connectors/sandbox/sandbox.js";
import { reply } from "./example-social.sandbox-errors.js";
import type { SandboxContext } from "./example-social.sandbox-state.js";

/**
 * Example Social's OAuth: access tokens that expire after an hour, refreshed with single-use
 * refresh tokens, the client authenticated with HTTP Basic.
 */
export const ACCESS_TTL_SECONDS = 3600;
export const SCOPES = ["profile.read", "posts.read", "posts.write"];

export function grant({ accessTokens, refreshTokens }: SandboxContext, accountId: string) {
  const access = accessTokens.issue(accountId, {
    prefix: "esoc_at_",
    scopes: SCOPES,
    ttlSeconds: ACCESS_TTL_SECONDS,
  });
  const refresh = refreshTokens.issue(accountId, { prefix: "esoc_rt_", scopes: SCOPES });
  return { access: access.value, refresh: refresh.value };
}

/** POST /oauth/token */
export function tokenGrant(ctx: SandboxContext, request: SandboxRequest): SandboxReply {
  const { env, refreshTokens } = ctx;
  const client = basicCredentials(request);
  if (client?.user !== env.app.clientId || client?.password !== env.app.clientSecret) {
    return reply(401, {
      error: "invalid_client",
      error_description: "Client authentication failed.",
    });
  }
  const form = formBody(request);
  if (form.get("grant_type") !== "refresh_token") {
    return reply(400, { error: "unsupported_grant_type" });
  }
  const used = refreshTokens.check(form.get("refresh_token") ?? undefined);
  if (!used.ok) {
    return reply(400, {
      error: "invalid_grant",
      error_description: `The refresh token is ${used.reason}.`,
    });
  }
  refreshTokens.revoke(used.credential.value); // single use
  const fresh = grant(ctx, used.credential.principal);
  return reply(200, {
    access_token: fresh.access,
    token_type: "bearer",
    expires_in: ACCESS_TTL_SECONDS,
    refresh_token: fresh.refresh,
    scope: SCOPES.join(" "),
  });
}
