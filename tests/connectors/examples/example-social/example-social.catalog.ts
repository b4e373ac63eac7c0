import { exampleProvider } from "../support/example-provider.js";

/**
 * What `kit/catalog-social.ts` would hold for this network: OAuth 2 with PKCE, HTTP Basic client
 * authentication at the token endpoint, one-hour access tokens and single-use refresh tokens.
 */
export const EXAMPLE_SOCIAL = exampleProvider({
  key: "example-social",
  name: "Example Social",
  category: "SOCIAL",
  authMode: "OAUTH2",
  apiBaseUrl: "https://api.example-social.test",
  apiVersion: "v1",
  oauth: {
    authorizeUrl: "https://example-social.test/oauth/authorize",
    tokenUrl: "https://api.example-social.test/oauth/token",
    scopes: ["profile.read", "posts.read", "posts.write"],
    scopeSeparator: " ",
    pkce: true,
    clientAuth: "basic",
    refresh: "rotating",
    accessTokenTtlSeconds: 3600,
  },
  rateLimit: { perSecond: 5, burst: 10 },
  requestIdHeader: "x-request-id",
  notes:
    "Posts publish asynchronously (202 and a publish id); errors are {error:{code,message}}; 429 carries Retry-After.",
});
