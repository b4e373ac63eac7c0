import type { ProviderKey } from "./kit/catalog.js";
import type { Classifier, ProviderResponse } from "./kit/default-classifier.js";
import type { ProviderHttp } from "./kit/provider-http.js";
import type { ProviderConfig } from "./kit/provider-config.js";
import type { WebhookHandler } from "./webhook-handler.js";

/**
 * What every connector implements, whatever its category. A connector is stateless: the runtime
 * hands it an HTTP client already bound to the provider (base URL, classifier, timeout, retries,
 * this connection's rate limiter) and the connection's decrypted credentials for one call.
 */

/** Secret values (tokens, keys): encrypted at rest as one sealed JSON object, never returned. */
export type Secrets = Record<string, string>;

/** Non-secret settings kept in clear: phone number id, sender address, team id, public keys. */
export type Settings = Record<string, string>;

/** One connection's material for one call. */
export interface ConnectionHandle {
  id: string;
  workspaceId: string;
  secrets: Secrets;
  settings: Settings;
}

/** The account a set of credentials belongs to, as the provider reports it. */
export interface AccountIdentity {
  /** The provider's id for the account (AccountSid, phone number id, team id, email address). */
  externalAccountId: string;
  displayName: string;
  /** Settings learned from the provider, stored with the connection. */
  settings?: Settings;
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

export interface Connector {
  provider: ProviderKey;
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
