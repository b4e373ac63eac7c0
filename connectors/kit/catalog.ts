/**
 * The provider catalog, as data (after Nango's providers.yaml): how each provider authenticates,
 * where its OAuth endpoints and API live, which version, and its token quirks. Connectors read
 * it; nothing here is code. `provider-config.ts` applies configuration on top: every URL and
 * version is overridable (`TWILIO_API_BASE_URL`, `SLACK_OAUTH_TOKEN_URL`, `GMAIL_API_VERSION`),
 * and sandbox mode points every provider at its sandbox.
 */
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
  /** Quirks worth knowing when reading this provider's behaviour. */
  notes?: string;
}

const GOOGLE_OAUTH = {
  authorizeUrl: "https://accounts.google.com/o/oauth2/v2/auth",
  tokenUrl: "https://oauth2.googleapis.com/token",
  scopeSeparator: " ",
  pkce: true,
  clientAuth: "body",
  refresh: "reusable",
  accessTokenTtlSeconds: 3600,
  authorizeParams: { access_type: "offline", prompt: "consent" },
} as const;

const META_OAUTH = {
  authorizeUrl: "https://www.facebook.com/v26.0/dialog/oauth",
  tokenUrl: "https://graph.facebook.com/v26.0/oauth/access_token",
  scopeSeparator: ",",
  pkce: false,
  clientAuth: "body",
  refresh: "none",
  accessTokenTtlSeconds: 60 * 24 * 3600,
} as const;

const REDDIT_OAUTH = {
  authorizeUrl: "https://www.reddit.com/api/v1/authorize",
  tokenUrl: "https://www.reddit.com/api/v1/access_token",
  scopeSeparator: " ",
  pkce: false,
  clientAuth: "basic",
  refresh: "reusable",
  accessTokenTtlSeconds: 3600,
  authorizeParams: { duration: "permanent" },
} as const;

const LINKEDIN_OAUTH = {
  authorizeUrl: "https://www.linkedin.com/oauth/v2/authorization",
  tokenUrl: "https://www.linkedin.com/oauth/v2/accessToken",
  scopeSeparator: " ",
  pkce: false,
  clientAuth: "body",
  refresh: "reusable",
  accessTokenTtlSeconds: 60 * 24 * 3600,
} as const;

export const PROVIDERS = {
  twilio: {
    key: "twilio",
    name: "Twilio SMS",
    category: "MESSAGING",
    authMode: "BASIC",
    rateLimit: { perSecond: 100, burst: 100 },
    apiBaseUrl: "https://api.twilio.com",
    apiVersion: "2010-04-01",
    notes:
      "Basic AccountSid:AuthToken; form-encoded writes; 429 with code 20429 is never processed.",
  },
  whatsapp: {
    key: "whatsapp",
    name: "WhatsApp Cloud",
    category: "MESSAGING",
    authMode: "API_KEY",
    rateLimit: { perSecond: 80, burst: 80 },
    apiBaseUrl: "https://graph.facebook.com",
    apiVersion: "v26.0",
    notes: "System-user bearer token, no refresh.",
  },
  slack: {
    key: "slack",
    name: "Slack",
    category: "MESSAGING",
    authMode: "OAUTH2",
    rateLimit: { perSecond: 1, burst: 20 },
    apiBaseUrl: "https://slack.com/api",
    oauth: {
      authorizeUrl: "https://slack.com/oauth/v2/authorize",
      tokenUrl: "https://slack.com/api/oauth.v2.access",
      // History scopes let a post whose answer was lost be found again by its metadata.
      scopes: ["chat:write", "channels:history", "groups:history"],
      scopeSeparator: ",",
      pkce: true,
      clientAuth: "body",
      refresh: "rotating",
      accessTokenTtlSeconds: 43_200,
    },
    notes:
      "Errors arrive as HTTP 200 {ok:false}; with token rotation, tokens last 12 h and refresh tokens are single use.",
  },
  gmail: {
    key: "gmail",
    name: "Gmail",
    category: "MESSAGING",
    authMode: "OAUTH2",
    rateLimit: { perSecond: 2.5, burst: 20 },
    apiBaseUrl: "https://gmail.googleapis.com",
    apiVersion: "v1",
    // gmail.send alone cannot read the profile (verify) or search by Message-ID (reconcile).
    oauth: {
      ...GOOGLE_OAUTH,
      scopes: [
        "https://www.googleapis.com/auth/gmail.send",
        "https://www.googleapis.com/auth/gmail.readonly",
      ],
    },
    notes: "Refresh tokens of External apps in Testing expire after 7 days.",
  },
  sendgrid: {
    key: "sendgrid",
    name: "SendGrid",
    category: "MESSAGING",
    authMode: "API_KEY",
    rateLimit: { perSecond: 50, burst: 100 },
    apiBaseUrl: "https://api.sendgrid.com",
    apiVersion: "v3",
    notes: "202 with an empty body and X-Message-Id.",
  },
  instagram: {
    key: "instagram",
    name: "Instagram",
    category: "SOCIAL",
    authMode: "OAUTH2",
    apiBaseUrl: "https://graph.facebook.com",
    apiVersion: "v26.0",
    oauth: {
      ...META_OAUTH,
      scopes: ["instagram_basic", "instagram_content_publish", "pages_read_engagement"],
    },
  },
  facebook_pages: {
    key: "facebook_pages",
    name: "Facebook Pages",
    category: "SOCIAL",
    authMode: "OAUTH2",
    apiBaseUrl: "https://graph.facebook.com",
    apiVersion: "v26.0",
    oauth: { ...META_OAUTH, scopes: ["pages_manage_posts", "pages_read_engagement"] },
    notes: "Page tokens come from GET /me/accounts.",
  },
  youtube: {
    key: "youtube",
    name: "YouTube",
    category: "SOCIAL",
    authMode: "OAUTH2",
    apiBaseUrl: "https://www.googleapis.com",
    apiVersion: "v3",
    oauth: {
      ...GOOGLE_OAUTH,
      scopes: [
        "https://www.googleapis.com/auth/youtube.upload",
        "https://www.googleapis.com/auth/youtube.readonly",
      ],
    },
  },
  tiktok: {
    key: "tiktok",
    name: "TikTok",
    category: "SOCIAL",
    authMode: "OAUTH2",
    apiBaseUrl: "https://open.tiktokapis.com",
    apiVersion: "v2",
    oauth: {
      authorizeUrl: "https://www.tiktok.com/v2/auth/authorize/",
      tokenUrl: "https://open.tiktokapis.com/v2/oauth/token/",
      scopes: ["video.publish", "video.upload"],
      scopeSeparator: ",",
      pkce: true,
      clientAuth: "body",
      refresh: "rotating",
      accessTokenTtlSeconds: 86_400,
      clientIdParam: "client_key",
    },
    notes: "client_key instead of client_id.",
  },
  linkedin: {
    key: "linkedin",
    name: "LinkedIn",
    category: "SOCIAL",
    authMode: "OAUTH2",
    apiBaseUrl: "https://api.linkedin.com",
    apiVersion: "202610",
    oauth: { ...LINKEDIN_OAUTH, scopes: ["w_member_social", "w_organization_social"] },
    notes:
      "LinkedIn-Version header; 201 with an empty body and x-restli-id; refresh tokens only for approved partners.",
  },
  reddit: {
    key: "reddit",
    name: "Reddit",
    category: "SOCIAL",
    authMode: "OAUTH2",
    apiBaseUrl: "https://oauth.reddit.com",
    oauth: { ...REDDIT_OAUTH, scopes: ["identity", "submit"] },
    notes: "Unique User-Agent required; errors inside 200 as json.errors.",
  },
  x: {
    key: "x",
    name: "X",
    category: "SOCIAL",
    authMode: "OAUTH2",
    apiBaseUrl: "https://api.x.com",
    apiVersion: "2",
    oauth: {
      authorizeUrl: "https://x.com/i/oauth2/authorize",
      tokenUrl: "https://api.x.com/2/oauth2/token",
      scopes: ["tweet.write", "tweet.read", "users.read", "offline.access"],
      scopeSeparator: " ",
      pkce: true,
      clientAuth: "basic",
      refresh: "rotating",
      accessTokenTtlSeconds: 7200,
    },
  },
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

export type ProviderKey = keyof typeof PROVIDERS;
export const PROVIDER_KEYS = Object.keys(PROVIDERS) as ProviderKey[];

export function isProviderKey(value: string): value is ProviderKey {
  return Object.hasOwn(PROVIDERS, value);
}
