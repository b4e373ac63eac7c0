import type { Orm } from "../orm/config.js";
import type { CrosscastConfig, SubgraphName } from "../platform/config.js";
import { SUBGRAPH_NAMES } from "../platform/config.js";
import type { Logger } from "../platform/logger.js";
import type { Vault } from "../platform/vault/vault.js";
import type { DeliveryModel } from "../connectors/sandbox/delivery-model.js";
import { createGateway, type Gateway } from "../gateway/server.js";
import { SUBGRAPHS } from "../subgraphs/registry.js";
import type { ConnectorRuntime } from "../connectors/runtime/connector-runtime.js";
import type { SubgraphService } from "../subgraphs/shared/create-subgraph-service.js";
import type { ExecutionEngine } from "../subgraphs/orchestration/engine/execution-engine.js";
import { createConnectorRuntime } from "./connector-runtime.js";
import { startExecutionEngine } from "./execution-engine.js";
import { startSandboxes, type Sandboxes } from "./sandboxes.js";

export interface LocalStack {
  gatewayUrl: string;
  /** Where providers reach this stack (webhooks, OAuth callbacks). */
  publicUrl: string;
  subgraphUrls: Record<SubgraphName, string>;
  subgraphs: Record<SubgraphName, SubgraphService>;
  gateway: Gateway;
  runtime: ConnectorRuntime;
  executions: ExecutionEngine;
  /** The provider sandboxes (every call in sandbox mode; dry runs in either mode). */
  sandboxes: Sandboxes;
  stop(): Promise<void>;
}

export interface LocalStackOptions {
  orm: Orm;
  config: CrosscastConfig;
  logger: Logger;
  supergraphSdl: string;
  /** Listen on free ephemeral ports instead of the configured ones (tests). */
  ephemeralPorts?: boolean;
  graphiqlHeaders?: Record<string, string>;
  /** An already opened vault; otherwise one is opened from the configuration. */
  vault?: Vault;
  /** Milliseconds between a sandbox message's status webhooks (tests slow them down). */
  sandboxStatusDelayMs?: number;
  /** Run execution workers in this process (default true). */
  worker?: boolean;
  /** How the sandboxes decide deliveries (default: documented magic recipients fail). */
  deliveries?: DeliveryModel;
}

/**
 * Runs the provider sandboxes (in sandbox mode), the five subgraphs and the gateway in one
 * process, each on its own HTTP port, talking over real HTTP exactly as when distributed.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const { config, logger } = options;
  const production = config.env === "production";
  // With ephemeral ports the gateway's address is known only once it listens.
  let publicUrl = config.publicUrl;
  // The sandboxes serve every call in sandbox mode, and dry runs in either mode.
  const sandbox = await startSandboxes({
    config,
    publicUrl: () => publicUrl,
    port: options.ephemeralPorts ? 0 : config.providers.sandboxPort,
    ...(options.deliveries ? { deliveries: options.deliveries } : {}),
    ...(options.sandboxStatusDelayMs !== undefined
      ? { statusDelayMs: options.sandboxStatusDelayMs }
      : {}),
  });
  const runtime = await createConnectorRuntime({
    config,
    orm: options.orm,
    logger,
    publicUrl: () => publicUrl,
    ...(config.providers.mode === "sandbox" ? { providers: sandbox.providers } : {}),
    sandboxProviders: sandbox.providers,
    ...(options.vault ? { vault: options.vault } : {}),
  });
  let gatewayUrl = config.executions.gatewayUrl;
  const databaseUrl = String(options.orm.config.get("clientUrl"));
  const executions = await startExecutionEngine({
    config,
    orm: options.orm,
    databaseUrl,
    logger,
    gatewayUrl: () => gatewayUrl,
    runtime,
  });
  const deps = {
    orm: options.orm,
    internalSecret: config.auth.internalSecret,
    logger,
    production,
    runtime,
    executions,
    databaseUrl,
    supergraphSdl: options.supergraphSdl,
  };
  const subgraphs = {} as Record<SubgraphName, SubgraphService>;
  const subgraphUrls = {} as Record<SubgraphName, string>;
  for (const name of SUBGRAPH_NAMES) {
    const service = await SUBGRAPHS[name].create(deps);
    const port = await service.http.listen(
      options.ephemeralPorts ? 0 : config.ports[name],
      config.host,
    );
    subgraphs[name] = service;
    subgraphUrls[name] = `http://${config.host}:${port}/graphql`;
  }
  const gateway = await createGateway({
    supergraphSdl: options.supergraphSdl,
    subgraphUrls,
    auth: config.auth,
    logger,
    production,
    ...(options.graphiqlHeaders ? { graphiqlHeaders: options.graphiqlHeaders } : {}),
  });
  const gatewayPort = await gateway.http.listen(
    options.ephemeralPorts ? 0 : config.ports.gateway,
    config.host,
  );
  if (options.ephemeralPorts) {
    publicUrl = `http://${config.host}:${gatewayPort}`;
    gatewayUrl = `${publicUrl}/graphql`;
  }
  if (options.worker !== false) {
    await executions.work(config.executions.workerConcurrency);
  }
  return {
    gatewayUrl: `http://${config.host}:${gatewayPort}/graphql`,
    publicUrl,
    subgraphUrls,
    subgraphs,
    gateway,
    runtime,
    executions,
    sandboxes: sandbox.host,
    async stop() {
      await gateway.stop();
      await executions.stop();
      await Promise.all(Object.values(subgraphs).map(service => service.stop()));
      await sandbox.host.close();
    },
  };
}
