// Every setting Crosscast reads from the environment, parsed in one place; the variables and
// their documentation are listed in environment.ts.
import { createHmac, randomBytes } from "node:crypto";
import { isProviderVariable, type EnvironmentVariable } from "./environment.js";

/** sandbox: every provider call goes to the sandboxes; live: to the real APIs. */
export type ProviderMode = "sandbox" | "live";

export const SUBGRAPH_NAMES = ["social", "ads", "messaging", "commerce", "orchestration"] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

export const DEFAULT_PORTS: Record<SubgraphName | "gateway" | "worker", number> = {
  gateway: 4000,
  social: 4001,
  ads: 4002,
  messaging: 4003,
  commerce: 4004,
  orchestration: 4005,
  /** A worker's health probes. */
  worker: 4010,
};
export const DEFAULT_SANDBOX_PORT = 4100;

const DEV_JWT_SECRET = "crosscast-dev-jwt-secret-change-me-0123456789";
const DEV_INTERNAL_SECRET = "crosscast-dev-internal-secret-change-me-0123456789";
/** A fixed development vault key (32 bytes); production refuses to start without VAULT_KEYS. */
const DEV_VAULT_KEYS = `dev:${Buffer.from("crosscast-development-vault-key!").toString("base64")}`;

export interface CrosscastConfig {
  env: "development" | "production" | "test";
  logLevel: string;
  host: string;
  databaseUrl: string | undefined;
  embeddedPostgres: { port: number; dataDir: string };
  ports: Record<SubgraphName | "gateway" | "worker", number>;
  subgraphUrls: Record<SubgraphName, string>;
  auth: {
    jwtSecret: string;
    jwksUrl: string | undefined;
    issuer: string | undefined;
    audience: string | undefined;
    internalSecret: string;
  };
  /** Where providers reach Crosscast: webhooks and OAuth callbacks (the gateway's URL). */
  publicUrl: string;
  providers: {
    mode: ProviderMode;
    sandboxUrl: string;
    sandboxPort: number;
    /**
     * The secret this deployment shares with its provider sandboxes: the sandboxes' app secrets
     * and dry-run callback tokens derive from it. Never a constant: SANDBOX_SECRET, else derived
     * from a configured INTERNAL_JWT_SECRET (every replica agrees), else random per process.
     */
    sandboxSecret: string;
    /** Timeout of one provider HTTP call. */
    timeoutMs: number;
    /** Attempts of one provider call, retries included (transient failures only). */
    maxAttempts: number;
    /** The per-provider variables that were set (connectors/kit/provider-config resolves them). */
    overrides: Record<string, string>;
  };
  vault: { keys: string; activeKey: string | undefined };
  /** Redirect URIs an OAuth flow may use besides Crosscast's own /oauth/callback. */
  oauthRedirectUris: string[];
  executions: {
    /** The supergraph URL steps call (the gateway's /graphql). */
    gatewayUrl: string;
    /** Step calls one worker process runs at a time. */
    workerConcurrency: number;
    /** How often lost jobs are noticed (a worker that died mid-step), in seconds. */
    superviseSeconds: number;
  };
}

type Env = Partial<Record<string, string>>;

export class ConfigError extends Error {}

function port(env: Env, name: EnvironmentVariable, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") {
    return fallback;
  }
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65_535) {
    throw new ConfigError(`${name} must be a port number, got "${raw}"`);
  }
  return value;
}

function positiveInteger(env: Env, name: EnvironmentVariable, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") {
    return fallback;
  }
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new ConfigError(`${name} must be a positive whole number, got "${raw}"`);
  }
  return value;
}

function secret(
  env: Env,
  name: EnvironmentVariable,
  fallback: string,
  production: boolean,
): string {
  const value = env[name];
  if (value) {
    if (value.length < 32) {
      throw new ConfigError(`${name} must be at least 32 characters`);
    }
    return value;
  }
  if (production) {
    throw new ConfigError(`${name} is required when NODE_ENV=production`);
  }
  return fallback;
}

function sandboxSecret(env: Env): string {
  const configured = env.SANDBOX_SECRET;
  if (configured) {
    if (configured.length < 32) {
      throw new ConfigError("SANDBOX_SECRET must be at least 32 characters");
    }
    return configured;
  }
  if (env.INTERNAL_JWT_SECRET) {
    return createHmac("sha256", env.INTERNAL_JWT_SECRET)
      .update("crosscast sandbox secret")
      .digest("base64url");
  }
  return randomBytes(32).toString("base64url");
}

function nodeEnv(raw: string | undefined): CrosscastConfig["env"] {
  if (raw === "production" || raw === "test") {
    return raw;
  }
  return "development";
}

export function loadConfig(env: Env = process.env): CrosscastConfig {
  const mode = nodeEnv(env.NODE_ENV);
  const production = mode === "production";
  const ports = {
    gateway: port(env, "GATEWAY_PORT", DEFAULT_PORTS.gateway),
    social: port(env, "SOCIAL_PORT", DEFAULT_PORTS.social),
    ads: port(env, "ADS_PORT", DEFAULT_PORTS.ads),
    messaging: port(env, "MESSAGING_PORT", DEFAULT_PORTS.messaging),
    commerce: port(env, "COMMERCE_PORT", DEFAULT_PORTS.commerce),
    orchestration: port(env, "ORCHESTRATION_PORT", DEFAULT_PORTS.orchestration),
    worker: port(env, "WORKER_PORT", DEFAULT_PORTS.worker),
  };
  const providerMode: ProviderMode =
    env.PROVIDER_MODE === "live" || env.PROVIDER_MODE === "sandbox"
      ? env.PROVIDER_MODE
      : production
        ? "live"
        : "sandbox";
  if (env.PROVIDER_MODE && env.PROVIDER_MODE !== providerMode) {
    throw new ConfigError(`PROVIDER_MODE must be sandbox or live, got "${env.PROVIDER_MODE}"`);
  }
  const sandboxPort = port(env, "SANDBOX_PORT", DEFAULT_SANDBOX_PORT);
  const sandboxUrl = (env.SANDBOX_URL || `http://127.0.0.1:${sandboxPort}`).replace(/\/$/, "");
  const sandboxShared = sandboxSecret(env);
  if (production && !env.VAULT_KEYS) {
    throw new ConfigError("VAULT_KEYS is required when NODE_ENV=production");
  }
  const subgraphUrl = (name: SubgraphName) =>
    env[`${name.toUpperCase()}_URL`] || `http://127.0.0.1:${ports[name]}/graphql`;
  return {
    env: mode,
    logLevel: env.LOG_LEVEL || "info",
    host: env.HOST || "127.0.0.1",
    databaseUrl: env.DATABASE_URL || undefined,
    embeddedPostgres: {
      port: port(env, "EMBEDDED_PG_PORT", 54_329),
      dataDir: env.DATA_DIR || ".data",
    },
    ports,
    subgraphUrls: {
      social: subgraphUrl("social"),
      ads: subgraphUrl("ads"),
      messaging: subgraphUrl("messaging"),
      commerce: subgraphUrl("commerce"),
      orchestration: subgraphUrl("orchestration"),
    },
    auth: {
      jwtSecret: secret(env, "JWT_SECRET", DEV_JWT_SECRET, production),
      jwksUrl: env.JWT_JWKS_URL || undefined,
      issuer: env.JWT_ISSUER || undefined,
      audience: env.JWT_AUDIENCE || undefined,
      internalSecret: secret(env, "INTERNAL_JWT_SECRET", DEV_INTERNAL_SECRET, production),
    },
    publicUrl: (env.PUBLIC_URL || `http://127.0.0.1:${ports.gateway}`).replace(/\/$/, ""),
    providers: {
      mode: providerMode,
      sandboxUrl,
      sandboxPort,
      sandboxSecret: sandboxShared,
      timeoutMs: positiveInteger(env, "PROVIDER_TIMEOUT_MS", 10_000),
      maxAttempts: positiveInteger(env, "PROVIDER_MAX_ATTEMPTS", 4),
      overrides: Object.fromEntries(
        Object.entries(env).filter(
          (entry): entry is [string, string] => isProviderVariable(entry[0]) && !!entry[1],
        ),
      ),
    },
    vault: { keys: env.VAULT_KEYS || DEV_VAULT_KEYS, activeKey: env.VAULT_ACTIVE_KEY || undefined },
    executions: {
      gatewayUrl: env.GATEWAY_URL || `http://127.0.0.1:${ports.gateway}/graphql`,
      workerConcurrency: positiveInteger(env, "WORKER_CONCURRENCY", 10),
      superviseSeconds: positiveInteger(env, "JOB_SUPERVISE_SECONDS", 5),
    },
    oauthRedirectUris: (env.OAUTH_REDIRECT_URIS ?? "")
      .split(",")
      .map(uri => uri.trim())
      .filter(Boolean),
  };
}
