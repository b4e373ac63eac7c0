import { LockMode } from "@mikro-orm/core";
import type { EntityManager } from "@mikro-orm/postgresql";
import type { Secrets } from "../kit/contracts/index.js";
import { ConnectorError } from "../kit/connector-error.js";
import { refreshAccessToken, type TokenGrantOptions } from "../kit/oauth2.js";
import { Connection } from "../../orm/entities/index.js";
import type { Orm } from "../../orm/config.js";
import type { Logger } from "../../platform/logger.js";
import type { Vault } from "../../platform/vault/vault.js";
import { openSecrets, sealSecrets } from "../../platform/vault/sealed-secrets.js";

export interface TokenRefresherOptions {
  orm: Orm;
  vault: Vault;
  logger: Logger;
  grantFor(provider: string): TokenGrantOptions;
  /** Refresh ahead when the access token expires within this margin. */
  marginMs?: number;
  /** Consecutive failures before the connection is marked REFRESH_FAILED. */
  maxFailures?: number;
}

export interface FreshCredentials {
  secrets: Secrets;
  expiresAt: Date | null;
}

/**
 * Refreshes OAuth access tokens, one refresh at a time per connection across every process: the
 * connection row is locked (SELECT … FOR UPDATE) for the whole exchange, and whoever waited then
 * sees the new token and does not refresh again. A rotated refresh token is stored in the same
 * transaction, and an answer without one keeps the old one. Failures are counted; a dead grant or
 * repeated failures put the connection in REFRESH_FAILED with the reason.
 */
export class TokenRefresher {
  readonly marginMs: number;
  private readonly maxFailures: number;

  constructor(private readonly options: TokenRefresherOptions) {
    this.marginMs = options.marginMs ?? 5 * 60_000;
    this.maxFailures = options.maxFailures ?? 3;
  }

  expiresSoon(expiresAt: Date | null | undefined, now = Date.now()): boolean {
    return !!expiresAt && expiresAt.getTime() - now <= this.marginMs;
  }

  /**
   * Returns credentials that are fresh: refreshed now, or by another caller since `usedToken`
   * was read. `force` refreshes even when the stored expiry looks fine (the provider said the
   * token expired).
   */
  async refresh(
    connectionId: string,
    usedToken: string | undefined,
    force: boolean,
  ): Promise<FreshCredentials> {
    const em = this.options.orm.em.fork() as EntityManager;
    let failure: ConnectorError | undefined;
    const result = await em.transactional(async tx => {
      const connection = await tx.findOneOrFail(
        Connection,
        { id: connectionId },
        { lockMode: LockMode.PESSIMISTIC_WRITE, populate: ["secrets"] as never },
      );
      const secrets = openSecrets(this.options.vault, connection);
      const replaced = usedToken !== undefined && secrets.accessToken !== usedToken;
      if (replaced || (!force && !this.expiresSoon(connection.tokenExpiresAt))) {
        return { secrets, expiresAt: connection.tokenExpiresAt ?? null };
      }
      if (!secrets.refreshToken) {
        failure = new ConnectorError(
          "AUTH_EXPIRED",
          "the access token expired and there is no refresh token: reconnect",
          {
            provider: connection.provider,
          },
        );
        this.markFailed(connection, failure, true);
        return undefined;
      }
      try {
        const tokens = await refreshAccessToken(
          this.options.grantFor(connection.provider),
          secrets.refreshToken,
        );
        const next: Secrets = {
          ...secrets,
          accessToken: tokens.accessToken,
          refreshToken: tokens.refreshToken || secrets.refreshToken,
        };
        connection.secrets = sealSecrets(this.options.vault, connection, next);
        connection.tokenExpiresAt = tokens.expiresAt ?? null;
        connection.refreshFailures = 0;
        connection.status = "ACTIVE";
        connection.statusReason = null;
        this.options.logger.info(
          { connectionId, provider: connection.provider },
          "access token refreshed",
        );
        return { secrets: next, expiresAt: connection.tokenExpiresAt ?? null };
      } catch (error) {
        failure =
          error instanceof ConnectorError
            ? error
            : new ConnectorError("UNAVAILABLE", "the token refresh failed", {
                provider: connection.provider,
              });
        this.markFailed(connection, failure, failure.kind === "AUTH_REVOKED");
        return undefined;
      }
    });
    if (failure || !result) {
      throw failure ?? new ConnectorError("AUTH_EXPIRED", "the token could not be refreshed");
    }
    return result;
  }

  private markFailed(connection: Connection, error: ConnectorError, final: boolean) {
    connection.refreshFailures += 1;
    const reason = `Token refresh failed (${error.kind}): ${error.message}`;
    this.options.logger.warn(
      {
        connectionId: connection.id,
        provider: connection.provider,
        kind: error.kind,
        failures: connection.refreshFailures,
      },
      "token refresh failed",
    );
    if (final || connection.refreshFailures >= this.maxFailures) {
      connection.status = "REFRESH_FAILED";
      connection.statusReason = reason;
    }
  }
}
