import type { OAuthTokens } from "../../../../connectors/kit/contracts/index.js";
import type { ProviderResponse } from "../../../../connectors/kit/default-classifier.js";
import { parseStandardTokenResponse } from "../../../../connectors/kit/oauth2.js";
import { EXAMPLE_ADS } from "./example-ads.catalog.js";
import { classifyExampleAds } from "./example-ads.classifier.js";
import { parseEnvelope } from "./example-ads.schemas.js";

/**
 * The token endpoint speaks the API's dialect: HTTP 200 with `{code, message, data}`, the
 * standard token fields inside `data` (40104: the refresh token is dead → AUTH_REVOKED).
 */
export function parseExampleAdsTokenResponse(response: ProviderResponse): OAuthTokens {
  const failure = classifyExampleAds(response, EXAMPLE_ADS.key);
  if (failure) {
    throw failure;
  }
  return parseStandardTokenResponse({ ...response, body: parseEnvelope(response.body)?.data });
}
