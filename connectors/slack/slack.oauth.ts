import type { OAuthTokens, Settings } from "../connector.js";
import type { ProviderResponse } from "../kit/default-classifier.js";
import { classifySlack } from "./slack.classifier.js";
import { parseTokenGrant } from "./slack.schemas.js";

/**
 * Reads an `oauth.v2.access` answer (https://docs.slack.dev/reference/methods/oauth.v2.access):
 * HTTP 200 with `{ok:false, error}` on failure (invalid_refresh_token, invalid_grant,
 * token_revoked → AUTH_REVOKED; invalid_client_id, bad_client_secret → PERMISSION_DENIED;
 * invalid_code, bad_redirect_uri, code_already_used, invalid_grant_type → INVALID_REQUEST), or the
 * bot token with, under token rotation, a single-use refresh token and `expires_in` (43200 s).
 * Scopes are comma separated.
 */
export function parseSlackTokenResponse(response: ProviderResponse, now = Date.now()): OAuthTokens {
  const failure = classifySlack(response, "slack");
  if (failure) {
    throw failure;
  }
  const grant = parseTokenGrant(response.body);
  const extra: Settings = {};
  if (grant.teamId) {
    extra.teamId = grant.teamId;
  }
  if (grant.teamName) {
    extra.teamName = grant.teamName;
  }
  if (grant.botUserId) {
    extra.botUserId = grant.botUserId;
  }
  const scopes = (grant.scope ?? "").split(",").filter(Boolean);
  return {
    accessToken: grant.accessToken,
    ...(grant.refreshToken ? { refreshToken: grant.refreshToken } : {}),
    ...(grant.expiresIn ? { expiresAt: new Date(now + grant.expiresIn * 1000) } : {}),
    ...(scopes.length ? { scopes } : {}),
    ...(Object.keys(extra).length ? { extra } : {}),
  };
}
