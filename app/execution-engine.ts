import type { Orm } from "../orm/config.js";
import type { CrosscastConfig } from "../platform/config.js";
import type { Logger } from "../platform/logger.js";
import { createStaleMessageSweep } from "../subgraphs/messaging/message/stale-message-sweep.js";
import type { ConnectorRuntime } from "../connectors/runtime/connector-runtime.js";
import { ExecutionEngine } from "../subgraphs/orchestration/engine/execution-engine.js";
import type { PeriodicTask } from "../subgraphs/orchestration/engine/periodic-tasks.js";
import { createConnectorRuntime } from "./connector-runtime.js";

/**
 * The execution engine as configured: steps call GATEWAY_URL unless told where the gateway is,
 * and its workers also run the periodic tasks listed here.
 */
export function startExecutionEngine(options: {
  config: CrosscastConfig;
  orm: Orm;
  databaseUrl: string;
  logger: Logger;
  /** Where steps call the supergraph, when only known once the gateway listens (ephemeral ports). */
  gatewayUrl?: () => string;
  /** The process's connectors, when it has them; a worker alone opens its own on first need. */
  runtime?: ConnectorRuntime;
}): Promise<ExecutionEngine> {
  const { config, orm, logger } = options;
  let runtime: Promise<ConnectorRuntime> | undefined = options.runtime
    ? Promise.resolve(options.runtime)
    : undefined;
  const connectors = () =>
    (runtime ??= createConnectorRuntime({
      config,
      orm,
      logger,
      publicUrl: () => config.publicUrl,
    }).catch((error: unknown) => {
      runtime = undefined; // a vault that could not open now may open on the next run
      throw error;
    }));
  const periodic: PeriodicTask[] = [
    // Messages whose provider answer was never recorded, settled with the provider.
    createStaleMessageSweep({ orm, runtime: connectors, logger }),
  ];
  return ExecutionEngine.start({
    orm,
    databaseUrl: options.databaseUrl,
    logger,
    gatewayUrl: options.gatewayUrl ?? (() => config.executions.gatewayUrl),
    internalSecret: config.auth.internalSecret,
    superviseIntervalSeconds: config.executions.superviseSeconds,
    periodic,
  });
}
