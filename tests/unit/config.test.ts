import { deploymentProviders } from "../../connectors/kit/provider-config.js";
import { describe, expect, it } from "@jest/globals";
import { ConfigError, DEFAULT_PORTS, loadConfig } from "../../platform/config.js";

describe("configuration from the environment", () => {
  it("has working defaults for one machine", () => {
    const config = loadConfig({});
    expect(config.env).toBe("development");
    expect(config.databaseUrl).toBeUndefined();
    expect(config.ports).toEqual(DEFAULT_PORTS);
    expect(config.subgraphUrls.social).toBe("http://127.0.0.1:4001/graphql");
  });

  it("derives subgraph URLs from ports, and lets URLs be set outright", () => {
    const config = loadConfig({ ADS_PORT: "5002", MESSAGING_URL: "http://messaging:4003/graphql" });
    expect(config.subgraphUrls.ads).toBe("http://127.0.0.1:5002/graphql");
    expect(config.subgraphUrls.messaging).toBe("http://messaging:4003/graphql");
  });

  it("refuses to run production on development secrets", () => {
    const secrets = {
      NODE_ENV: "production",
      JWT_SECRET: "a".repeat(32),
      INTERNAL_JWT_SECRET: "b".repeat(32),
      VAULT_KEYS: `k1:${Buffer.alloc(32, 1).toString("base64")}`,
    };
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(ConfigError);
    expect(() => loadConfig({ ...secrets, VAULT_KEYS: "" })).toThrow(/VAULT_KEYS is required/);
    expect(() => loadConfig(secrets)).not.toThrow();
  });

  it("sends every provider to its sandbox by default, and to the real API in production", () => {
    const development = loadConfig({ SANDBOX_PORT: "4999" });
    expect(development.providers.mode).toBe("sandbox");
    expect(deploymentProviders(development.providers).twilio.apiBaseUrl).toBe(
      "http://127.0.0.1:4999/twilio",
    );
    expect(deploymentProviders(development.providers).gmail.tokenUrl).toBe(
      "http://127.0.0.1:4999/gmail/token",
    );
    const live = loadConfig({ PROVIDER_MODE: "live", TWILIO_API_BASE_URL: "http://double:1" });
    expect(deploymentProviders(live.providers).slack.authorizeUrl).toBe(
      "https://slack.com/oauth/v2/authorize",
    );
    expect(deploymentProviders(live.providers).twilio.apiBaseUrl).toBe("http://double:1");
    expect(() => loadConfig({ PROVIDER_MODE: "fake" })).toThrow(/PROVIDER_MODE/);
  });

  it("rejects short secrets and malformed ports with the variable's name", () => {
    expect(() => loadConfig({ JWT_SECRET: "short" })).toThrow(/JWT_SECRET must be at least 32/);
    expect(() => loadConfig({ GATEWAY_PORT: "http" })).toThrow(
      /GATEWAY_PORT must be a port number/,
    );
  });
});
