import { GOOGLE_OAUTH } from "./oauth-families.js";
import type { ProviderSpec } from "./provider-spec.js";

/** The messaging providers, as catalog data. */
export const MESSAGING_PROVIDERS = {
  twilio: {
    key: "twilio",
    requestIdHeader: "twilio-request-id",
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
    requestIdHeader: "x-fb-trace-id",
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
    requestIdHeader: "x-slack-req-id",
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
    // Every Gmail path begins with /gmail (/gmail/v1/users/...): the base carries it.
    apiBaseUrl: "https://gmail.googleapis.com/gmail",
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
    requestIdHeader: "x-message-id",
    name: "SendGrid",
    category: "MESSAGING",
    authMode: "API_KEY",
    rateLimit: { perSecond: 50, burst: 100 },
    apiBaseUrl: "https://api.sendgrid.com",
    apiVersion: "v3",
    notes: "202 with an empty body and X-Message-Id.",
  },
} as const satisfies Record<string, ProviderSpec>;
