import type { ConnectionHandle } from "./contracts/connector.js";
import { ConnectorError, type ConnectorErrorKind } from "./connector-error.js";
import type { ProviderConfig } from "./provider-config.js";

/**
 * One rule for a connection that lacks what a call needs. A missing secret of a provider whose
 * tokens refresh is AUTH_EXPIRED, so the runtime refreshes and replays; of any other provider
 * it is AUTH_REVOKED, so the connection is marked and the user reconnects. A missing setting is
 * always INVALID_REQUEST: no refresh brings it back, and it was the connector's to learn.
 */
export function missingSecretKind(config: Pick<ProviderConfig, "spec">): ConnectorErrorKind {
  return (config.spec.oauth?.refresh ?? "none") === "none" ? "AUTH_REVOKED" : "AUTH_EXPIRED";
}

export function requireSecret(
  config: Pick<ProviderConfig, "key" | "spec">,
  connection: Pick<ConnectionHandle, "secrets">,
  name: string,
): string {
  const value = connection.secrets[name]?.trim();
  if (!value) {
    throw new ConnectorError(
      missingSecretKind(config),
      `${config.key}: the connection has no ${name}`,
      { provider: config.key },
    );
  }
  return value;
}

export function requireSetting(
  config: Pick<ProviderConfig, "key">,
  connection: Pick<ConnectionHandle, "settings">,
  name: string,
): string {
  const value = connection.settings[name]?.trim();
  if (!value) {
    throw new ConnectorError("INVALID_REQUEST", `${config.key}: the connection has no ${name}`, {
      provider: config.key,
    });
  }
  return value;
}
