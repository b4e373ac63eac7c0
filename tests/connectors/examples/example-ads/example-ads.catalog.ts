import { exampleProvider } from "../support/example-provider.js";

/**
 * What `kit/catalog-ads.ts` would hold for this platform: OAuth 2 with the client in the form
 * body, one-day access tokens and a reusable refresh token, and an `Access-Token` header.
 */
export const EXAMPLE_ADS = exampleProvider({
  key: "example-ads",
  name: "Example Ads",
  category: "ADS",
  authMode: "OAUTH2",
  apiBaseUrl: "https://business.example-ads.test/open_api",
  apiVersion: "v1.3",
  oauth: {
    authorizeUrl: "https://business.example-ads.test/portal/auth",
    tokenUrl: "https://business.example-ads.test/open_api/v1.3/oauth2/refresh_token/",
    scopes: ["ads.read", "ads.manage", "reports.read"],
    scopeSeparator: ",",
    pkce: false,
    clientAuth: "body",
    refresh: "reusable",
    accessTokenTtlSeconds: 86_400,
  },
  rateLimit: { perSecond: 10, burst: 20 },
  notes:
    "Access-Token header; every answer is HTTP 200 {code,message,request_id,data} (code 0 is success); money is a decimal in the account's currency; reports run asynchronously.",
});
