import type { Orm } from "../orm/config.js";
import type { CrosscastConfig } from "../platform/config.js";
import type { Logger } from "../platform/logger.js";
import { ExecutionEngine } from "../subgraphs/orchestration/engine/execution-engine.js";

/** The execution engine as configured: steps call GATEWAY_URL unless told where the gateway is. */
export function startExecutionEngine(options: {
  config: CrosscastConfig;
  orm: Orm;
  databaseUrl: string;
  logger: Logger;
  /** Where steps call the supergraph, when only known once the gateway listens (ephemeral ports). */
  gatewayUrl?: () => string;
}): Promise<ExecutionEngine> {
  const { config } = options;
  return ExecutionEngine.start({
    orm: options.orm,
    databaseUrl: options.databaseUrl,
    logger: options.logger,
    gatewayUrl: options.gatewayUrl ?? (() => config.executions.gatewayUrl),
    internalSecret: config.auth.internalSecret,
    superviseIntervalSeconds: config.executions.superviseSeconds,
  });
}
