import type { ProviderSpec } from "./provider-spec.js";

/** The commerce providers, as catalog data. */
export const COMMERCE_PROVIDERS = {
  shopify: {
    key: "shopify",
    name: "Shopify",
    category: "COMMERCE",
    authMode: "API_KEY",
    apiBaseUrl: "https://{shop}.myshopify.com",
    apiVersion: "2026-10",
    notes:
      "Custom-app token in X-Shopify-Access-Token; GraphQL errors and userErrors inside HTTP 200; THROTTLED by query cost.",
  },
} as const satisfies Record<string, ProviderSpec>;
