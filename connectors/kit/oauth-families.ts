/** OAuth settings shared by a provider family's products (Google, Meta, Reddit, LinkedIn); each adds its scopes. */
export const GOOGLE_OAUTH = {
  authorizeUrl: "https://accounts.google.com/o/oauth2/v2/auth",
  tokenUrl: "https://oauth2.googleapis.com/token",
  scopeSeparator: " ",
  pkce: true,
  clientAuth: "body",
  refresh: "reusable",
  accessTokenTtlSeconds: 3600,
  authorizeParams: { access_type: "offline", prompt: "consent" },
} as const;

export const META_OAUTH = {
  authorizeUrl: "https://www.facebook.com/v26.0/dialog/oauth",
  tokenUrl: "https://graph.facebook.com/v26.0/oauth/access_token",
  scopeSeparator: ",",
  pkce: false,
  clientAuth: "body",
  refresh: "none",
  accessTokenTtlSeconds: 60 * 24 * 3600,
} as const;

export const REDDIT_OAUTH = {
  authorizeUrl: "https://www.reddit.com/api/v1/authorize",
  tokenUrl: "https://www.reddit.com/api/v1/access_token",
  scopeSeparator: " ",
  pkce: false,
  clientAuth: "basic",
  refresh: "reusable",
  accessTokenTtlSeconds: 3600,
  authorizeParams: { duration: "permanent" },
} as const;

export const LINKEDIN_OAUTH = {
  authorizeUrl: "https://www.linkedin.com/oauth/v2/authorization",
  tokenUrl: "https://www.linkedin.com/oauth/v2/accessToken",
  scopeSeparator: " ",
  pkce: false,
  clientAuth: "body",
  refresh: "reusable",
  accessTokenTtlSeconds: 60 * 24 * 3600,
} as const;
