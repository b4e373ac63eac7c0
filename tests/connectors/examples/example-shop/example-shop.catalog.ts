import { exampleProvider } from "../support/example-provider.js";

/**
 * What `kit/catalog-commerce.ts` would hold for this shop platform: expiring offline tokens
 * (one hour) with single-use refresh tokens, the client in the form body at the token endpoint.
 */
export const EXAMPLE_SHOP = exampleProvider({
  key: "example-shop",
  name: "Example Shop",
  category: "COMMERCE",
  authMode: "OAUTH2",
  apiBaseUrl: "https://admin.example-shop.test/admin/api",
  apiVersion: "2026-10",
  oauth: {
    authorizeUrl: "https://admin.example-shop.test/admin/oauth/authorize",
    tokenUrl: "https://admin.example-shop.test/admin/oauth/access_token",
    scopes: [
      "read_customers",
      "write_customers",
      "read_products",
      "read_orders",
      "write_discounts",
    ],
    scopeSeparator: ",",
    pkce: false,
    clientAuth: "body",
    refresh: "rotating",
    accessTokenTtlSeconds: 3600,
  },
  rateLimit: { perSecond: 2, burst: 40 },
  notes:
    "X-Example-Access-Token and X-Example-Shop-Domain headers; 401 for any bad token; 429 with Retry-After; cursor pages in the Link header; bulk exports as JSONL.",
});
