import type { ProviderKey } from "../../../../connectors/kit/catalog.js";
import {
  sandboxAppCredentials,
  type ProviderConfig,
} from "../../../../connectors/kit/provider-config.js";
import type { ProviderSpec } from "../../../../connectors/kit/provider-spec.js";
import type { SandboxLocation } from "../../conformance/support/conformance-world.js";

/**
 * A provider that exists only in the tests: its catalog entry (what `kit/catalog-<category>.ts`
 * would hold) and its configuration against a sandbox, built the way `resolveProviderConfig`
 * builds a catalog provider's in sandbox mode (the sandbox's base, the key, the real URL's path).
 */
export interface ExampleProvider {
  key: ProviderKey;
  spec: ProviderSpec;
  config(at: SandboxLocation): ProviderConfig;
}

/**
 * The example providers are test fixtures and never enter the catalog, but a provider's key is
 * typed as a catalog `ProviderKey` everywhere a provider is named (`BaseConnector.provider`,
 * `ProviderConfig.key`, `DemoAccount.provider`, `ProviderSandbox.provider`, and the sandbox host's
 * and the runtime's maps). This is the one cast that lets an example through those types; at run
 * time nothing reads the catalog by an example's key.
 */
function exampleKey(name: `example-${string}`): ProviderKey {
  const key: string = name;
  return key as ProviderKey;
}

export function exampleProvider(
  spec: ProviderSpec & { key: `example-${string}` },
): ExampleProvider {
  const key = exampleKey(spec.key);
  return {
    key,
    spec,
    config({ sandboxUrl, sandboxSecret }) {
      const inSandbox = (real: string | undefined) => {
        if (!real) {
          return undefined;
        }
        const { pathname } = new URL(real);
        return `${sandboxUrl.replace(/\/$/, "")}/${key}${pathname === "/" ? "" : pathname}`;
      };
      const app = sandboxAppCredentials(key, sandboxSecret);
      return {
        key,
        spec,
        sandbox: true,
        apiBaseUrl: inSandbox(spec.apiBaseUrl)!,
        apiVersion: spec.apiVersion,
        authorizeUrl: inSandbox(spec.oauth?.authorizeUrl),
        tokenUrl: inSandbox(spec.oauth?.tokenUrl),
        clientId: app.clientId,
        clientSecret: app.clientSecret,
        webhookSecret: app.webhookSecret,
      };
    },
  };
}
