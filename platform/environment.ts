// Every variable Crosscast reads, with its documentation: README's configuration table and the
// docker-compose structure test are both checked against ENVIRONMENT.

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
  SANDBOX_SECRET:
    "secret shared with the provider sandboxes (their app secrets, dry-run callback tokens); default derived from INTERNAL_JWT_SECRET, else random per process.",
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

/** Per-provider variables, `<KEY>_<NAME>`, `<KEY>` being the provider key in capitals (TWILIO, GOOGLE_ADS). */
export const PROVIDER_VARIABLES = {
  API_BASE_URL: "the provider's API base URL (its sandbox, a test double or the real API).",
  API_VERSION: "the API version (Graph `vNN.0`, `LinkedIn-Version`, Shopify `YYYY-MM`).",
  OAUTH_AUTHORIZE_URL: "the OAuth authorize URL.",
  OAUTH_TOKEN_URL: "the OAuth token URL.",
  CLIENT_ID: "the OAuth app's client id.",
  CLIENT_SECRET: "the OAuth app's client secret.",
  WEBHOOK_SECRET: "the app-level webhook secret (Meta app secret, Slack signing secret).",
} as const;
export type ProviderVariable = keyof typeof PROVIDER_VARIABLES;

const PROVIDER_VARIABLE = new RegExp(
  `^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*?_(${Object.keys(PROVIDER_VARIABLES).join("|")})$`,
);

/** A per-provider variable's shape; the connectors' catalog says which keys exist. */
export function isProviderVariable(name: string): boolean {
  return PROVIDER_VARIABLE.test(name);
}

/** A variable Crosscast reads: one of ENVIRONMENT, or a per-provider `<KEY>_API_BASE_URL` and the like. */
export function isKnownVariable(name: string): boolean {
  return Object.hasOwn(ENVIRONMENT, name) || isProviderVariable(name);
}
