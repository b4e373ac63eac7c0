import { GOOGLE_OAUTH, META_OAUTH, REDDIT_OAUTH, LINKEDIN_OAUTH } from "./oauth-families.js";
import type { ProviderSpec } from "./provider-spec.js";

/** The ads providers, as catalog data. */
export const ADS_PROVIDERS = {
  google_ads: {
    key: "google_ads",
    name: "Google Ads",
    category: "ADS",
    authMode: "OAUTH2",
    apiBaseUrl: "https://googleads.googleapis.com",
    apiVersion: "v26",
    oauth: { ...GOOGLE_OAUTH, scopes: ["https://www.googleapis.com/auth/adwords"] },
    notes:
      "developer-token header always; login-customer-id through a manager account; RESOURCE_EXHAUSTED with retryDelay.",
  },
  meta_ads: {
    key: "meta_ads",
    name: "Meta Ads",
    category: "ADS",
    authMode: "OAUTH2",
    apiBaseUrl: "https://graph.facebook.com",
    apiVersion: "v26.0",
    oauth: { ...META_OAUTH, scopes: ["ads_management", "ads_read"] },
    notes:
      "Usage headers X-Business-Use-Case-Usage and X-App-Usage signal throttling before errors.",
  },
  tiktok_ads: {
    key: "tiktok_ads",
    name: "TikTok Ads",
    category: "ADS",
    authMode: "OAUTH2",
    apiBaseUrl: "https://business-api.tiktok.com",
    apiVersion: "v1.3",
    oauth: {
      authorizeUrl: "https://business-api.tiktok.com/portal/auth",
      tokenUrl: "https://business-api.tiktok.com/open_api/v1.3/oauth2/access_token/",
      scopes: [],
      scopeSeparator: ",",
      pkce: false,
      clientAuth: "body",
      refresh: "none",
      clientIdParam: "app_id",
    },
    notes: "Access-Token header (not Bearer); errors inside 200 as code != 0.",
  },
  linkedin_ads: {
    key: "linkedin_ads",
    name: "LinkedIn Ads",
    category: "ADS",
    authMode: "OAUTH2",
    apiBaseUrl: "https://api.linkedin.com",
    apiVersion: "202610",
    oauth: { ...LINKEDIN_OAUTH, scopes: ["r_ads", "rw_ads", "r_ads_reporting"] },
  },
  reddit_ads: {
    key: "reddit_ads",
    name: "Reddit Ads",
    category: "ADS",
    authMode: "OAUTH2",
    apiBaseUrl: "https://ads-api.reddit.com",
    apiVersion: "v3",
    oauth: { ...REDDIT_OAUTH, scopes: ["adsread", "adsedit"] },
  },
} as const satisfies Record<string, ProviderSpec>;
