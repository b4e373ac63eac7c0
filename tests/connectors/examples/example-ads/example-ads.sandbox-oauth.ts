import {
  formBody,
  type SandboxReply,
  type SandboxRequest,
} from "../../../../connectors/sandbox/sandbox.js";
import { answer, invalid, ok } from "./example-ads.sandbox-errors.js";
import type { SandboxContext } from "./example-ads.sandbox-state.js";

/** Example Ads' OAuth: one-day access tokens and a reusable refresh token. */
export const ACCESS_TTL_SECONDS = 86_400;

/** POST /open_api/v1.3/oauth2/refresh_token/ */
export function tokenGrant(
  { env, accessTokens, refreshTokens }: SandboxContext,
  request: SandboxRequest,
): SandboxReply {
  const form = formBody(request);
  if (
    form.get("client_id") !== env.app.clientId ||
    form.get("client_secret") !== env.app.clientSecret
  ) {
    return answer(40001, "The app's credentials are invalid.");
  }
  if (form.get("grant_type") !== "refresh_token") {
    return invalid("grant_type must be refresh_token.");
  }
  const used = refreshTokens.check(form.get("refresh_token") ?? undefined);
  if (!used.ok) {
    return answer(40104, `The refresh token is ${used.reason}.`);
  }
  // Reusable: the same refresh token comes back, and stays valid.
  const access = accessTokens.issue(used.credential.principal, {
    prefix: "eads_at_",
    ttlSeconds: ACCESS_TTL_SECONDS,
  });
  return ok({
    access_token: access.value,
    refresh_token: used.credential.value,
    expires_in: ACCESS_TTL_SECONDS,
    scope: "ads.read,ads.manage,reports.read",
  });
}
