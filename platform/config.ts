// Every setting Crosscast reads from the environment, in one place. README's configuration
// table and the docker-compose structure test are both checked against ENVIRONMENT below.

export const SUBGRAPH_NAMES = ["social", "ads", "messaging", "commerce", "orchestration"] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

export const DEFAULT_PORTS: Record<SubgraphName | "gateway", number> = {
  gateway: 4000,
  social: 4001,
  ads: 4002,
  messaging: 4003,
  commerce: 4004,
  orchestration: 4005,
};

const DEV_JWT_SECRET = "crosscast-dev-jwt-secret-change-me-0123456789";
const DEV_INTERNAL_SECRET = "crosscast-dev-internal-secret-change-me-0123456789";

export interface CrosscastConfig {
  env: "development" | "production" | "test";
  logLevel: string;
  host: string;
  databaseUrl: string | undefined;
  embeddedPostgres: { port: number; dataDir: string };
  ports: Record<SubgraphName | "gateway", number>;
  subgraphUrls: Record<SubgraphName, string>;
  auth: {
    jwtSecret: string;
    jwksUrl: string | undefined;
    issuer: string | undefined;
    audience: string | undefined;
    internalSecret: string;
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
} as const;
export type EnvironmentVariable = keyof typeof ENVIRONMENT;

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
  };
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
  };
}
