import {
  formBody,
  type SandboxReply,
  type SandboxRequest,
} from "../../../../connectors/sandbox/sandbox.js";
import { EXAMPLE_SHOP } from "./example-shop.catalog.js";
import { reply } from "./example-shop.sandbox-errors.js";
import type { SandboxContext } from "./example-shop.sandbox-state.js";

/** Example Shop's OAuth: one-hour access tokens, single-use refresh tokens, client in the form. */
const ACCESS_TTL_SECONDS = 3600;

export function issue({ accessTokens, refreshTokens }: SandboxContext, domain: string) {
  const access = accessTokens.issue(domain, {
    prefix: "eshop_at_",
    ttlSeconds: ACCESS_TTL_SECONDS,
  });
  const refresh = refreshTokens.issue(domain, { prefix: "eshop_rt_" });
  return {
    access_token: access.value,
    expires_in: ACCESS_TTL_SECONDS,
    refresh_token: refresh.value,
    scope: EXAMPLE_SHOP.spec.oauth?.scopes.join(","),
  };
}

/** POST /admin/oauth/access_token */
export function tokenGrant(ctx: SandboxContext, request: SandboxRequest): SandboxReply {
  const { env, refreshTokens } = ctx;
  const form = formBody(request);
  if (
    form.get("client_id") !== env.app.clientId ||
    form.get("client_secret") !== env.app.clientSecret
  ) {
    return reply(401, {
      error: "invalid_client",
      error_description: "Client authentication failed.",
    });
  }
  const used = refreshTokens.check(form.get("refresh_token") ?? undefined);
  if (form.get("grant_type") !== "refresh_token" || !used.ok) {
    return reply(400, {
      error: "invalid_grant",
      error_description: "The refresh token is invalid, expired or used.",
    });
  }
  refreshTokens.revoke(used.credential.value); // single use
  return reply(200, {
    ...issue(ctx, used.credential.principal),
    refresh_token_expires_in: 7_776_000,
  });
}
