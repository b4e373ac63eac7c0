import type { ProviderKey } from "../catalog.js";
import type { Classifier, ProviderResponse } from "../default-classifier.js";
import type { ProviderConfig } from "../provider-config.js";
import type { ProviderHttp } from "../provider-http.js";
import type { ProviderCategory } from "../provider-spec.js";
import type { ConnectionHandle, Secrets, Settings } from "./connection.js";
import type { WebhookHandler } from "./webhooks.js";

export type { ConnectionHandle, Secrets, Settings };

/**
 * What every connector implements, whatever its category. A connector is stateless: the runtime
 * hands it an HTTP client already bound to the provider (base URL, classifier, timeout, retries,
 * this connection's rate limiter) and the connection's decrypted credentials for one call.
 */

/** The account a set of credentials belongs to, as the provider reports it. */
export interface AccountIdentity {
  /** The provider's id for the account (AccountSid, phone number id, team id, email address). */
  externalAccountId: string;
  displayName: string;
  /** Settings learned from the provider, stored with the connection. */
  settings?: Settings;
}

/**
 * A sandbox account a provider's sandbox accepts from its start (the demo workspace's, and the
 * stand-in for any connection during a dry run); exported by `<p>.demo.ts`, never valid elsewhere.
 */
export interface DemoAccount extends AccountIdentity {
  provider: ProviderKey;
  secrets: Secrets;
  settings: Settings;
}

export interface ConnectorContext {
  http: ProviderHttp;
  config: ProviderConfig;
}

/** Tokens from an OAuth token endpoint, in one shape whatever the provider's dialect. */
export interface OAuthTokens {
  accessToken: string;
  refreshToken?: string;
  /** Absolute expiry of the access token, when the provider gave a lifetime. */
  expiresAt?: Date;
  scopes?: string[];
  /** Extra values a provider returns with the tokens that the connector needs later. */
  extra?: Settings;
}

/** Fields a user types to connect an API-key or basic-auth provider. */
export interface CredentialFields {
  /** Secret fields (encrypted). */
  secrets: readonly string[];
  /** Non-secret fields (kept as settings), required unless listed as optional. */
  settings: readonly string[];
  optional?: readonly string[];
}

/** What every connector implements; `category` says which contract it also fulfils. */
export interface BaseConnector<C extends ProviderCategory = ProviderCategory> {
  provider: ProviderKey;
  category: C;
  /** Reads the provider's failures, including errors inside HTTP 200 bodies. */
  classify: Classifier;
  /** For API-key and basic-auth providers: what the user supplies. */
  credentialFields?: CredentialFields;
  /**
   * A live call that proves the credentials work and says whose they are. Used when connecting
   * with credentials, after an OAuth exchange, and by `testConnection`.
   */
  verify(
    ctx: ConnectorContext,
    connection: Pick<ConnectionHandle, "secrets" | "settings">,
  ): Promise<AccountIdentity>;
  /** OAuth dialect quirks; the generic OAuth 2 client handles the rest from the catalog. */
  oauth?: {
    /** Reads a token endpoint answer (Slack's `ok:false` in HTTP 200, and the like). */
    parseTokenResponse?(response: ProviderResponse): OAuthTokens;
    /** Extra authorize parameters computed per request. */
    authorizeParams?(config: ProviderConfig): Record<string, string>;
  };
  /**
   * Called once a connection exists, to register what the provider should call back (SendGrid's
   * event webhook URL, a Twilio number's inbound SMS URL). Returns settings to keep (a webhook
   * verification public key, say).
   */
  register?(
    ctx: ConnectorContext,
    connection: ConnectionHandle,
    urls: { webhookUrl: string },
  ): Promise<Settings | void>;
  /** Inbound webhooks from this provider, when it sends any. */
  webhooks?: WebhookHandler;
}

/** Builds a secrets object from OAuth tokens: what the vault seals for an OAuth connection. */
export function tokensToSecrets(tokens: OAuthTokens): Secrets {
  return {
    accessToken: tokens.accessToken,
    ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
  };
}
