import { DEFAULT_RETRY_POLICY } from "../connectors/kit/retry-policy.js";
import { DEMO_ACCOUNTS } from "../connectors/demo-accounts.js";
import { CONNECTORS } from "../connectors/registry.js";
import {
  deploymentProviders,
  resolveProviderConfigs,
  type ProviderConfigs,
} from "../connectors/kit/provider-config.js";
import type { Orm } from "../orm/config.js";
import type { CrosscastConfig } from "../platform/config.js";
import type { Logger } from "../platform/logger.js";
import { parseVaultKeys, Vault } from "../platform/vault/vault.js";
import { ConnectorRuntime } from "../connectors/runtime/connector-runtime.js";
import { verifyVaultKeys } from "../connectors/runtime/vault-store.js";

/** The vault from configuration, checked against the database: a wrong key stops the start. */
export async function openVault(config: CrosscastConfig, orm: Orm): Promise<Vault> {
  const vault = new Vault(parseVaultKeys(config.vault.keys, config.vault.activeKey));
  await verifyVaultKeys(orm.em.fork(), vault);
  return vault;
}

export async function createConnectorRuntime(options: {
  config: CrosscastConfig;
  orm: Orm;
  logger: Logger;
  publicUrl: () => string;
  providers?: ProviderConfigs;
  /** The sandboxes dry runs use; default the ones at SANDBOX_URL. */
  sandboxProviders?: ProviderConfigs;
  /** An already opened vault (checked against the database). */
  vault?: Vault;
}): Promise<ConnectorRuntime> {
  return new ConnectorRuntime({
    orm: options.orm,
    vault: options.vault ?? (await openVault(options.config, options.orm)),
    logger: options.logger.child({ component: "connectors" }),
    providers: options.providers ?? deploymentProviders(options.config.providers),
    sandboxProviders:
      options.sandboxProviders ??
      resolveProviderConfigs({
        mode: "sandbox",
        sandboxUrl: options.config.providers.sandboxUrl,
        sandboxSecret: options.config.providers.sandboxSecret,
        env: options.config.providers.overrides,
      }),
    sandboxSecret: options.config.providers.sandboxSecret,
    connectors: CONNECTORS,
    demoAccounts: DEMO_ACCOUNTS,
    publicUrl: options.publicUrl,
    timeoutMs: options.config.providers.timeoutMs,
    retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: options.config.providers.maxAttempts },
    allowedRedirectUris: options.config.oauthRedirectUris,
  });
}
