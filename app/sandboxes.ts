import {
  deploymentProviders,
  resolveProviderConfigs,
  type ProviderConfigs,
} from "../connectors/kit/provider-config.js";
import type { DeliveryModel } from "../connectors/sandbox/delivery-model.js";
import { createSandboxHost, type SandboxHost } from "../connectors/sandbox/sandbox-host.js";
import { SANDBOX_FACTORIES } from "../connectors/sandboxes.js";
import type { CrosscastConfig } from "../platform/config.js";

export type Sandboxes = SandboxHost<typeof SANDBOX_FACTORIES>;

/**
 * Every provider sandbox on one port (`/<provider>/…`), posting webhooks back to Crosscast's
 * public URL; returns the provider configuration pointed at it.
 */
export async function startSandboxes(options: {
  config: CrosscastConfig;
  publicUrl: () => string;
  port: number;
  deliveries?: DeliveryModel;
  /** Milliseconds between a message's status webhooks. */
  statusDelayMs?: number;
}): Promise<{ host: Sandboxes; providers: ProviderConfigs }> {
  const { config } = options;
  const host = createSandboxHost({
    factories: SANDBOX_FACTORIES,
    providers: deploymentProviders(config.providers),
    appWebhookBaseUrl: options.publicUrl,
    ...(options.deliveries ? { deliveries: options.deliveries } : {}),
    ...(options.statusDelayMs !== undefined ? { statusDelayMs: options.statusDelayMs } : {}),
  });
  await host.listen(options.port, config.host);
  const providers = resolveProviderConfigs({
    mode: "sandbox",
    sandboxUrl: host.url(),
    sandboxSecret: config.providers.sandboxSecret,
    env: config.providers.overrides,
  });
  return { host, providers };
}
