import type { Orm } from "../orm/config.js";
import type { CrosscastConfig, SubgraphName } from "../platform/config.js";
import { SUBGRAPH_NAMES } from "../platform/config.js";
import type { Logger } from "../platform/logger.js";
import { createGateway, type Gateway } from "../gateway/server.js";
import { SUBGRAPHS } from "../subgraphs/registry.js";
import type { SubgraphService } from "../subgraphs/shared/create-subgraph-service.js";

export interface LocalStack {
  gatewayUrl: string;
  subgraphUrls: Record<SubgraphName, string>;
  subgraphs: Record<SubgraphName, SubgraphService>;
  gateway: Gateway;
  stop(): Promise<void>;
}

export interface LocalStackOptions {
  orm: Orm;
  config: CrosscastConfig;
  logger: Logger;
  supergraphSdl: string;
  /** Listen on the configured ports, or on free ephemeral ones (tests). */
  ephemeralPorts?: boolean;
  graphiqlHeaders?: Record<string, string>;
}

/**
 * Runs the five subgraphs and the gateway in one process, each on its own HTTP port, talking
 * over real HTTP exactly as in the distributed deployment.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const { config, logger } = options;
  const production = config.env === "production";
  const deps = { orm: options.orm, internalSecret: config.auth.internalSecret, logger, production };
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
  return {
    gatewayUrl: `http://${config.host}:${gatewayPort}/graphql`,
    subgraphUrls,
    subgraphs,
    gateway,
    async stop() {
      await gateway.stop();
      await Promise.all(Object.values(subgraphs).map(service => service.stop()));
    },
  };
}
