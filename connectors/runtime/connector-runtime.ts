import type { EntityManager } from "@mikro-orm/postgresql";
import type { ConnectionHandle, Connector, ConnectorContext } from "../kit/contracts/index.js";
import type { ProviderKey } from "../kit/catalog.js";
import { ConnectorError } from "../kit/connector-error.js";
import { createConnectorContext } from "../kit/connector-context.js";
import { classifyTokenResponse, type TokenGrantOptions } from "../kit/oauth2.js";
import type { ProviderConfigs } from "../kit/provider-config.js";
import { createProviderHttp } from "../kit/provider-http.js";
import { RateLimiter } from "../kit/rate-limiter.js";
import type { RetryPolicy } from "../kit/retry-policy.js";
import type { ConnectorsByCategory, DemoAccount } from "../kit/contracts/index.js";
import type { ProviderCategory } from "../kit/provider-spec.js";
import type { Connection } from "../../orm/entities/index.js";
import type { Orm } from "../../orm/config.js";
import type { Logger } from "../../platform/logger.js";
import type { Vault } from "../../platform/vault/vault.js";
import { openSecrets } from "../../platform/vault/sealed-secrets.js";
import { DRY_RUN_PARAM, DryRunSandbox } from "./dry-run-sandbox.js";
import { TokenRefresher } from "./token-refresher.js";

export type ConnectorRegistry = Partial<Record<ProviderKey, Connector>>;

export interface ConnectorRuntimeOptions {
  orm: Orm;
  vault: Vault;
  logger: Logger;
  providers: ProviderConfigs;
  connectors: ConnectorRegistry;
  /** Where providers reach Crosscast (webhooks, OAuth callbacks). */
  publicUrl: () => string;
  /** Redirect URIs OAuth flows may use besides `<publicUrl>/oauth/callback`. */
  allowedRedirectUris?: string[];
  /** The provider sandboxes, for dry runs (whatever the mode of real calls). */
  sandboxProviders?: ProviderConfigs;
  /** The sandbox accounts that stand in for connections during dry runs (`<p>.demo.ts`). */
  demoAccounts?: readonly DemoAccount[];
  /** The secret this deployment shares with its sandboxes: dry-run callback tokens derive from it. */
  sandboxSecret: string;
  timeoutMs?: number;
  retry?: RetryPolicy;
  refreshMarginMs?: number;
}

/**
 * Everything a subgraph needs to call a provider for a connection: the connector, an HTTP client
 * bound to the connection (its rate-limiter bucket), decrypted credentials, proactive refresh
 * within a margin, and on AUTH_EXPIRED one refresh followed by one replay. A revoked grant marks
 * the connection REVOKED, so the dashboard sees why calls stopped.
 */
export class ConnectorRuntime {
  readonly refresher: TokenRefresher;
  private readonly limiters = new Map<string, RateLimiter>();
  /** Dry runs' calls, demo accounts and callback tokens. */
  readonly dryRun: DryRunSandbox;

  constructor(readonly options: ConnectorRuntimeOptions) {
    this.dryRun = new DryRunSandbox({
      connector: provider => this.connector(provider),
      sandboxSecret: options.sandboxSecret,
      logger: options.logger,
      ...(options.sandboxProviders ? { sandboxProviders: options.sandboxProviders } : {}),
      ...(options.demoAccounts ? { demoAccounts: options.demoAccounts } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    });
    this.refresher = new TokenRefresher({
      orm: options.orm,
      vault: options.vault,
      logger: options.logger,
      grantFor: provider => this.tokenGrant(provider),
      ...(options.refreshMarginMs !== undefined ? { marginMs: options.refreshMarginMs } : {}),
    });
  }

  get vault(): Vault {
    return this.options.vault;
  }

  providerConfig(provider: string) {
    const config = this.options.providers[provider as ProviderKey];
    if (!config) {
      throw new ConnectorError("INVALID_REQUEST", `unknown provider "${provider}"`);
    }
    return config;
  }

  connector(provider: string): Connector {
    const connector = this.options.connectors[provider as ProviderKey];
    if (!connector) {
      throw new ConnectorError("INVALID_REQUEST", `${provider} has no connector yet`, { provider });
    }
    return connector;
  }

  /**
   * The connector of `provider` as its category's contract; a provider of another category (or
   * none) is INVALID_REQUEST, so callers never test a connector's shape themselves.
   */
  connectorFor<C extends ProviderCategory>(provider: string, category: C): ConnectorsByCategory[C] {
    const connector = this.connector(provider);
    if (connector.category !== category) {
      throw new ConnectorError(
        "INVALID_REQUEST",
        `${provider} is not a ${category.toLowerCase()} provider`,
        { provider },
      );
    }
    return connector as ConnectorsByCategory[C];
  }

  /** Whether `provider` has a connector (the catalog lists providers that do not yet). */
  has(provider: string): boolean {
    return Object.hasOwn(this.options.connectors, provider);
  }

  /** The connectors this deployment runs, of one category or all. */
  list(category?: ProviderCategory): Connector[] {
    return Object.values(this.options.connectors).filter(
      (connector): connector is Connector =>
        !!connector && (!category || connector.category === category),
    );
  }

  private limiter(provider: string): RateLimiter {
    let limiter = this.limiters.get(provider);
    if (!limiter) {
      const rate = this.providerConfig(provider).spec.rateLimit ?? { perSecond: 10, burst: 20 };
      limiter = new RateLimiter({ capacity: rate.burst, perSecond: rate.perSecond });
      this.limiters.set(provider, limiter);
    }
    return limiter;
  }

  context(connector: Connector, connectionId?: string): ConnectorContext {
    return createConnectorContext(connector, this.providerConfig(connector.provider), {
      logger: this.options.logger,
      limiter: this.limiter(connector.provider),
      ...(connectionId ? { connectionId } : {}),
      ...(this.options.timeoutMs !== undefined ? { timeoutMs: this.options.timeoutMs } : {}),
      ...(this.options.retry ? { retry: this.options.retry } : {}),
    });
  }

  /** HTTP for the provider's OAuth token endpoint, read with the OAuth error dialect. */
  tokenGrant(provider: string): TokenGrantOptions {
    const config = this.providerConfig(provider);
    const connector = this.options.connectors[provider as ProviderKey];
    const parse = connector?.oauth?.parseTokenResponse;
    return {
      config,
      http: createProviderHttp({
        provider,
        baseUrl: config.tokenUrl ?? config.apiBaseUrl,
        classify: classifyTokenResponse,
        logger: this.options.logger,
        ...(this.options.timeoutMs !== undefined ? { timeoutMs: this.options.timeoutMs } : {}),
        ...(this.options.retry ? { retry: this.options.retry } : {}),
      }),
      ...(parse ? { parse } : {}),
    };
  }

  webhookUrl(provider: string, connectionId?: string): string {
    return `${this.options.publicUrl()}/webhooks/${provider}${connectionId ? `/${connectionId}` : ""}`;
  }

  /**
   * Where the provider posts one message's statuses (providers that take a URL per message):
   * the connection's webhook URL naming the message; a dry run's also carries the token that
   * lets the sandbox's callbacks touch that one dry-run message and nothing else.
   */
  statusCallbackUrl(
    connection: Pick<Connection, "id" | "provider">,
    messageId: string,
    dryRun: boolean,
  ): string {
    const url = `${this.webhookUrl(connection.provider, connection.id)}?mid=${messageId}`;
    return dryRun
      ? `${url}&${DRY_RUN_PARAM}=${this.dryRun.callbacks.token(connection.provider, connection.id, messageId)}`
      : url;
  }

  oauthCallbackUrl(): string {
    return `${this.options.publicUrl()}/oauth/callback`;
  }

  /** The connection's decrypted material for one call; `connection.secrets` must be loaded. */
  handle(connection: Connection): ConnectionHandle {
    return {
      id: connection.id,
      workspaceId: connection.workspace,
      secrets: openSecrets(this.options.vault, connection),
      settings: { ...connection.settings },
    };
  }

  private refreshable(provider: string): boolean {
    return (this.providerConfig(provider).spec.oauth?.refresh ?? "none") !== "none";
  }

  /** Runs `call` with fresh credentials, refreshing and replaying once on AUTH_EXPIRED. */
  async withConnection<T>(
    connection: Connection,
    call: (ctx: ConnectorContext, handle: ConnectionHandle) => Promise<T>,
  ): Promise<T> {
    const connector = this.connector(connection.provider);
    const ctx = this.context(connector, connection.id);
    let handle = this.handle(connection);
    const refreshable = this.refreshable(connection.provider) && !!handle.secrets.refreshToken;
    if (refreshable && this.refresher.expiresSoon(connection.tokenExpiresAt)) {
      const fresh = await this.refresher.refresh(connection.id, handle.secrets.accessToken, false);
      handle = { ...handle, secrets: fresh.secrets };
    }
    try {
      return await call(ctx, handle);
    } catch (error) {
      if (!(error instanceof ConnectorError)) {
        throw error;
      }
      if (error.kind === "AUTH_EXPIRED" && refreshable) {
        const fresh = await this.refresher.refresh(connection.id, handle.secrets.accessToken, true);
        return call(ctx, { ...handle, secrets: fresh.secrets });
      }
      if (error.kind === "AUTH_REVOKED" || error.kind === "AUTH_EXPIRED") {
        await this.markInactive(connection.id, error);
      }
      throw error;
    }
  }

  /** Records why a connection stopped working (revoked, or expired with no way to refresh). */
  async markInactive(connectionId: string, error: ConnectorError): Promise<void> {
    const status = error.kind === "AUTH_REVOKED" ? "REVOKED" : "REFRESH_FAILED";
    const em = this.options.orm.em.fork() as EntityManager;
    await em
      .getConnection()
      .execute(
        `update connection set status = ?, status_reason = ?, updated_at = now() where id = ?`,
        [status, `${error.kind}: ${error.message}`, connectionId],
      );
    this.options.logger.warn({ connectionId, kind: error.kind }, "connection marked inactive");
  }
}
