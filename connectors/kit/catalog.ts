/**
 * The provider catalog, as data (after Nango's providers.yaml): how each provider authenticates,
 * where its OAuth endpoints and API live, which version, and its token quirks. Connectors read
 * it; nothing here is code. `provider-config.ts` applies configuration on top: every URL and
 * version is overridable (`TWILIO_API_BASE_URL`, `SLACK_OAUTH_TOKEN_URL`, `GMAIL_API_VERSION`),
 * and sandbox mode points every provider at its sandbox.
 */
import { ADS_PROVIDERS } from "./catalog-ads.js";
import { COMMERCE_PROVIDERS } from "./catalog-commerce.js";
import { MESSAGING_PROVIDERS } from "./catalog-messaging.js";
import { SOCIAL_PROVIDERS } from "./catalog-social.js";

export type { AuthMode, OAuthSpec, ProviderCategory, ProviderSpec } from "./provider-spec.js";

export const PROVIDERS = {
  ...MESSAGING_PROVIDERS,
  ...SOCIAL_PROVIDERS,
  ...ADS_PROVIDERS,
  ...COMMERCE_PROVIDERS,
};

export type ProviderKey = keyof typeof PROVIDERS;
export const PROVIDER_KEYS = Object.keys(PROVIDERS) as ProviderKey[];

export function isProviderKey(value: string): value is ProviderKey {
  return Object.hasOwn(PROVIDERS, value);
}
