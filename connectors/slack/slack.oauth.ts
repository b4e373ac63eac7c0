import type { OAuthTokens } from "../kit/contracts/index.js";
import type { ProviderResponse } from "../kit/default-classifier.js";
import { parseStandardTokenResponse } from "../kit/oauth2.js";
import { classifySlack } from "./slack.classifier.js";
import { parseTokenGrantTeam } from "./slack.schemas.js";

/**
 * Reads an `oauth.v2.access` answer (https://docs.slack.dev/reference/methods/oauth.v2.access):
 * HTTP 200 with `{ok:false, error}` on failure (invalid_refresh_token, invalid_grant,
 * token_revoked → AUTH_REVOKED; invalid_client_id, bad_client_secret → PERMISSION_DENIED;
 * invalid_code, bad_redirect_uri, code_already_used, invalid_grant_type → INVALID_REQUEST), or the
 * bot token with, under token rotation, a single-use refresh token and `expires_in` (43200 s).
 * Scopes are comma separated. The token fields are the standard ones; the team and the bot user
 * are kept as `extra`.
 */
export function parseSlackTokenResponse(response: ProviderResponse, now = Date.now()): OAuthTokens {
  const failure = classifySlack(response, "slack");
  if (failure) {
    throw failure;
  }
  const tokens = parseStandardTokenResponse(response, now);
  const extra = parseTokenGrantTeam(response.body);
  return { ...tokens, ...(Object.keys(extra).length ? { extra } : {}) };
}
