import { createHmac } from "node:crypto";
import type { ProviderMode } from "../../platform/config.js";
import { PROVIDER_VARIABLES, type ProviderVariable } from "../../platform/environment.js";
import { PROVIDER_KEYS, PROVIDERS, type ProviderKey, type ProviderSpec } from "./catalog.js";

/**
 * A provider as this deployment talks to it: the catalog entry with configuration applied.
 *
 * In `live` mode every URL is the catalog's (the real API) unless overridden. In `sandbox` mode
 * (the default outside production) every URL points at the provider's sandbox: the sandbox
 * server's base, the provider key, then the real URL's path, so one sandbox serves all of a
 * provider's hosts (`https://oauth2.googleapis.com/token` → `<sandbox>/gmail/token`). A real path
 * that already begins with the key keeps it once (`https://gmail.googleapis.com/gmail` →
 * `<sandbox>/gmail`), so an SDK that resolves the provider's absolute paths (`/gmail/v1/…`) against
 * its root URL lands on the same URLs as the connector.
 */
export interface ProviderConfig {
  key: ProviderKey;
  spec: ProviderSpec;
  sandbox: boolean;
  apiBaseUrl: string;
  apiVersion: string | undefined;
  authorizeUrl: string | undefined;
  tokenUrl: string | undefined;
  clientId: string | undefined;
  clientSecret: string | undefined;
  /** App-level webhook secret: Meta app secret, Slack signing secret. */
  webhookSecret: string | undefined;
}

export type { ProviderMode };
export type ProviderConfigs = Record<ProviderKey, ProviderConfig>;

const VARIABLE = new RegExp(
  `^(${PROVIDER_KEYS.map(key => key.toUpperCase()).join("|")})_(${Object.keys(PROVIDER_VARIABLES).join("|")})$`,
);

/** A per-provider variable of a provider the catalog has (`TWILIO_API_BASE_URL`). */
export function isCatalogVariable(name: string): boolean {
  return VARIABLE.test(name);
}

/**
 * Credentials the sandboxes accept for the app itself, never valid anywhere else. The secrets
 * are derived from the deployment's sandbox secret (configured, or generated per deployment), so
 * nothing in the source signs a webhook any deployment accepts; the client id is public anyway.
 */
export function sandboxAppCredentials(key: ProviderKey, sandboxSecret: string) {
  const derive = (purpose: string) =>
    `sandbox-${key}-${purpose}-${createHmac("sha256", sandboxSecret).update(`${key}:${purpose}`).digest("base64url")}`;
  return {
    clientId: `sandbox-${key}-client-id`,
    clientSecret: derive("client-secret"),
    webhookSecret: derive("webhook-secret"),
  };
}

export interface ProviderConfigOptions {
  mode: ProviderMode;
  sandboxUrl: string;
  /** The secret this deployment shares with its sandboxes; their app secrets derive from it. */
  sandboxSecret: string;
  env?: Partial<Record<string, string>>;
}

function inSandbox(sandboxUrl: string, key: ProviderKey, real: string): string {
  const { pathname } = new URL(real.replace("{shop}", "shop"));
  const path =
    pathname === `/${key}` || pathname.startsWith(`/${key}/`)
      ? pathname.slice(key.length + 1)
      : pathname;
  return `${sandboxUrl.replace(/\/$/, "")}/${key}${path === "/" ? "" : path}`;
}

export function resolveProviderConfig(
  key: ProviderKey,
  options: ProviderConfigOptions,
): ProviderConfig {
  const spec: ProviderSpec = PROVIDERS[key];
  const env = options.env ?? {};
  const read = (name: ProviderVariable) => env[`${key.toUpperCase()}_${name}`] || undefined;
  const sandbox = options.mode === "sandbox";
  const url = (real: string | undefined) =>
    real && sandbox ? inSandbox(options.sandboxUrl, key, real) : real;
  const app = sandbox ? sandboxAppCredentials(key, options.sandboxSecret) : undefined;
  return {
    key,
    spec,
    sandbox,
    apiBaseUrl: read("API_BASE_URL") ?? url(spec.apiBaseUrl)!,
    apiVersion: read("API_VERSION") ?? spec.apiVersion,
    authorizeUrl: read("OAUTH_AUTHORIZE_URL") ?? url(spec.oauth?.authorizeUrl),
    tokenUrl: read("OAUTH_TOKEN_URL") ?? url(spec.oauth?.tokenUrl),
    clientId: read("CLIENT_ID") ?? app?.clientId,
    clientSecret: read("CLIENT_SECRET") ?? app?.clientSecret,
    webhookSecret: read("WEBHOOK_SECRET") ?? app?.webhookSecret,
  };
}

export function resolveProviderConfigs(options: ProviderConfigOptions): ProviderConfigs {
  return Object.fromEntries(
    PROVIDER_KEYS.map(key => [key, resolveProviderConfig(key, options)]),
  ) as ProviderConfigs;
}

/** The providers as a deployment configured them (platform/config.ts reads the variables). */
export function deploymentProviders(providers: {
  mode: ProviderMode;
  sandboxUrl: string;
  sandboxSecret: string;
  overrides: Record<string, string>;
}): ProviderConfigs {
  return resolveProviderConfigs({
    mode: providers.mode,
    sandboxUrl: providers.sandboxUrl,
    sandboxSecret: providers.sandboxSecret,
    env: providers.overrides,
  });
}
