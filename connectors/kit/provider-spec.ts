/** How the catalog describes a provider: auth, endpoints, versions, limits and quirks. */
export type ProviderCategory = "MESSAGING" | "SOCIAL" | "ADS" | "COMMERCE";
export type AuthMode = "OAUTH2" | "API_KEY" | "BASIC";

export interface OAuthSpec {
  authorizeUrl: string;
  tokenUrl: string;
  scopes: string[];
  scopeSeparator: " " | ",";
  pkce: boolean;
  /** How the client authenticates at the token endpoint. */
  clientAuth: "body" | "basic";
  /** Does the provider issue refresh tokens, and do they rotate (single use)? */
  refresh: "none" | "reusable" | "rotating";
  /** Typical access-token lifetime in seconds, when the provider documents one. */
  accessTokenTtlSeconds?: number;
  /** Extra authorize parameters the provider needs (offline access and the like). */
  authorizeParams?: Record<string, string>;
  /** The name the provider gives the client id parameter (TikTok: client_key). */
  clientIdParam?: string;
}

export interface ProviderSpec {
  key: string;
  name: string;
  category: ProviderCategory;
  authMode: AuthMode;
  apiBaseUrl: string;
  apiVersion?: string;
  oauth?: OAuthSpec;
  /** Client-side rate limit per connection: a token bucket (requests per second, burst). */
  rateLimit?: { perSecond: number; burst: number };
  /** The response header carrying the provider's request id, for logs and support tickets. */
  requestIdHeader?: string;
  /** Quirks worth knowing when reading this provider's behaviour. */
  notes?: string;
}
