// Every setting Crosscast reads from the environment, in one place. README's configuration
// table and the docker-compose structure test are both checked against ENVIRONMENT below.
import {
  isProviderVariable,
  resolveProviderConfigs,
  type ProviderConfigs,
  type ProviderMode,
} from "../connectors/kit/provider-config.js";

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
    configs: ProviderConfigs;
    /** Timeout of one provider HTTP call. */
    timeoutMs: number;
    /** Attempts of one provider call, retries included (transient failures only). */
    maxAttempts: number;
    /** The per-provider variables that were set, to resolve again against another sandbox URL. */
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

/** Documentation of every variable: README's table is generated from the same names. */
export const ENVIRONMENT = {
  NODE_ENV:
    "development | production | test. Production masks error details and requires real secrets.",
  LOG_LEVEL: "pino level (default info).",
  HOST: "interface every service binds (default 127.0.0.1; 0.0.0.0 in containers).",
  DATABASE_URL: "PostgreSQL URL. When unset, `npm start` runs an embedded PostgreSQL under .data/.",
  EMBEDDED_PG_PORT: "port of the embedded PostgreSQL (default 54329).",
  DATA_DIR: "folder for the embedded PostgreSQL's data (default .data).",
  GATEWAY_PORT: "gateway port (default 4000).",
  SOCIAL_PORT: "social subgraph port (default 4001).",
  ADS_PORT: "ads subgraph port (default 4002).",
  MESSAGING_PORT: "messaging subgraph port (default 4003).",
  COMMERCE_PORT: "commerce subgraph port (default 4004).",
  ORCHESTRATION_PORT: "orchestration subgraph port (default 4005).",
  WORKER_PORT: "a standalone worker's health-probe port (default 4010).",
  SOCIAL_URL:
    "social subgraph GraphQL URL the gateway calls (default http://127.0.0.1:4001/graphql).",
  ADS_URL: "ads subgraph GraphQL URL (default http://127.0.0.1:4002/graphql).",
  MESSAGING_URL: "messaging subgraph GraphQL URL (default http://127.0.0.1:4003/graphql).",
  COMMERCE_URL: "commerce subgraph GraphQL URL (default http://127.0.0.1:4004/graphql).",
  ORCHESTRATION_URL: "orchestration subgraph GraphQL URL (default http://127.0.0.1:4005/graphql).",
  JWT_SECRET: "HS256 secret for user tokens (a development default outside production).",
  JWT_JWKS_URL: "when set, user tokens are RS256 and verified against this JWKS URL.",
  JWT_ISSUER: "expected `iss` of user tokens (optional).",
  JWT_AUDIENCE: "expected `aud` of user tokens (optional).",
  INTERNAL_JWT_SECRET:
    "secret the gateway signs subgraph calls with; subgraphs refuse calls without it.",
  PUBLIC_URL:
    "URL providers reach Crosscast at, for webhooks and OAuth callbacks (default the gateway's).",
  PROVIDER_MODE:
    "sandbox (default outside production) sends every provider call to the sandboxes; live to the real APIs.",
  SANDBOX_URL: "base URL of the provider sandboxes (default http://127.0.0.1:SANDBOX_PORT).",
  SANDBOX_PORT:
    "port `npm start` and `npm run start:sandbox` serve the sandboxes on (default 4100).",
  PROVIDER_TIMEOUT_MS: "timeout of one provider HTTP call, in milliseconds (default 10000).",
  PROVIDER_MAX_ATTEMPTS:
    "attempts of one provider call when it fails transiently, retries included (default 4).",
  VAULT_KEYS:
    "comma-separated `kid:base64key` (32-byte AES keys) sealing secrets at rest (a development key outside production).",
  VAULT_ACTIVE_KEY: "the key id new secrets are sealed with (default the last in VAULT_KEYS).",
  GATEWAY_URL:
    "the supergraph URL execution steps call (default http://127.0.0.1:GATEWAY_PORT/graphql).",
  WORKER_CONCURRENCY: "step calls one worker process runs at a time (default 10).",
  JOB_SUPERVISE_SECONDS:
    "how often jobs of workers that died are noticed and retried, in seconds (default 5).",
  OAUTH_REDIRECT_URIS:
    "comma-separated redirect URIs a dashboard may pass to beginConnection (besides PUBLIC_URL/oauth/callback).",
} as const;
export type EnvironmentVariable = keyof typeof ENVIRONMENT;

/** A variable Crosscast reads: one of ENVIRONMENT, or a per-provider `<KEY>_API_BASE_URL` and the like. */
export function isKnownVariable(name: string): boolean {
  return Object.hasOwn(ENVIRONMENT, name) || isProviderVariable(name);
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
      configs: resolveProviderConfigs({ mode: providerMode, sandboxUrl, env }),
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
