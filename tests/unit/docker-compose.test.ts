import { describe, expect, it } from "@jest/globals";
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { DEFAULT_PORTS, DEFAULT_SANDBOX_PORT, SUBGRAPH_NAMES } from "../../platform/config.js";
import { isKnownVariable } from "../../platform/environment.js";

// docker has no engine on these machines: this checks the compose file's structure against the
// code's configuration instead, so the two cannot drift apart unnoticed.

interface Service {
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  ports?: string[];
}

// Read as compose would with no variables set: `${NAME:-default}` becomes its default.
const text = readFileSync("docker-compose.yml", "utf8").replace(/\$\{[A-Z_]+:-([^}]*)\}/g, "$1");
const compose = parse(text, { merge: true }) as {
  services: Record<string, Service>;
};
const services = compose.services;
const service = (name: string): Service => {
  const found = services[name];
  if (!found) {
    throw new Error(`docker-compose.yml has no service ${name}`);
  }
  return found;
};
const APPS = [...SUBGRAPH_NAMES, "gateway"] as const;

describe("docker-compose.yml matches the code's configuration", () => {
  it("runs postgres, a migration job, the subgraphs, the gateway, workers and the sandboxes", () => {
    expect(Object.keys(services).sort()).toEqual(
      ["migrate", "postgres", "sandbox", "worker", ...APPS].sort(),
    );
  });

  it("runs execution workers apart, calling the supergraph through the gateway", () => {
    const worker = service("worker");
    expect(worker.command).toEqual(["node", "dist/scripts/start-worker.js"]);
    expect(worker.environment).toMatchObject({
      WORKER_PORT: String(DEFAULT_PORTS.worker),
      GATEWAY_URL: `http://gateway:${DEFAULT_PORTS.gateway}/graphql`,
    });
    expect(worker.healthcheck?.test.join(" ")).toContain(
      `http://127.0.0.1:${DEFAULT_PORTS.worker}/readyz`,
    );
    expect(worker.depends_on).toEqual({ gateway: { condition: "service_healthy" } });
  });

  it("serves the provider sandboxes where the apps look for them, posting back to the gateway", () => {
    const sandbox = service("sandbox");
    expect(sandbox.command).toEqual(["node", "dist/scripts/start-sandbox.js"]);
    expect(sandbox.environment?.SANDBOX_PORT).toBe(String(DEFAULT_SANDBOX_PORT));
    expect(sandbox.healthcheck?.test.join(" ")).toContain(
      `http://127.0.0.1:${DEFAULT_SANDBOX_PORT}/healthz`,
    );
    for (const name of [...APPS, "sandbox"]) {
      expect(service(name).environment).toMatchObject({
        SANDBOX_URL: `http://sandbox:${DEFAULT_SANDBOX_PORT}`,
        PUBLIC_URL: `http://gateway:${DEFAULT_PORTS.gateway}`,
      });
    }
  });

  it.each(APPS)("%s listens on its configured port and is health-checked on /readyz", name => {
    const port = DEFAULT_PORTS[name];
    expect(service(name).environment?.[`${name.toUpperCase()}_PORT`]).toBe(String(port));
    expect(service(name).healthcheck?.test.join(" ")).toContain(`http://127.0.0.1:${port}/readyz`);
  });

  it.each(SUBGRAPH_NAMES)("%s starts its own subgraph after migrations succeed", name => {
    expect(service(name).command).toEqual(["node", "dist/scripts/start-subgraph.js", name]);
    expect(service(name).depends_on).toEqual({
      migrate: { condition: "service_completed_successfully" },
    });
  });

  it("the gateway calls every subgraph by service name and waits for each to be healthy", () => {
    const gateway = service("gateway");
    expect(gateway.command).toEqual(["node", "dist/scripts/start-gateway.js"]);
    expect(gateway.ports).toEqual(["4000:4000"]);
    for (const name of SUBGRAPH_NAMES) {
      expect(gateway.environment?.[`${name.toUpperCase()}_URL`]).toBe(
        `http://${name}:${DEFAULT_PORTS[name]}/graphql`,
      );
      expect(gateway.depends_on?.[name]).toEqual({ condition: "service_healthy" });
    }
  });

  it("every app service uses only variables the code reads, in production, on postgres", () => {
    for (const name of [...APPS, "migrate", "worker", "sandbox"]) {
      const env = service(name).environment ?? {};
      const unknown = Object.keys(env).filter(key => !isKnownVariable(key));
      expect({ name, unknown }).toEqual({ name, unknown: [] });
      expect(new URL(env.DATABASE_URL ?? "").hostname).toBe("postgres");
      expect(env).toMatchObject({ NODE_ENV: "production", HOST: "0.0.0.0" });
      expect(env.JWT_SECRET?.length).toBeGreaterThanOrEqual(32);
      expect(env.VAULT_KEYS).toMatch(/^\w+:[A-Za-z0-9+/=]{44}$/);
    }
  });

  it("the image ships the built code and the supergraph the gateway loads", () => {
    const dockerfile = readFileSync("Dockerfile", "utf8");
    expect(dockerfile).toMatch(/COPY --from=build .*\/app\/dist \.\/dist/);
    expect(dockerfile).toMatch(/COPY --from=build .*\/app\/schema \.\/schema/);
    expect(service("migrate").command).toEqual(["node", "dist/scripts/migrate.js"]);
  });
});
