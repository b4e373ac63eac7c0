import {
  createSubgraphService,
  type SubgraphDependencies,
} from "../shared/create-subgraph-service.js";
import { createOAuthCallbackRoute } from "./connection/oauth-callback.route.js";
import type { ExecutionEngine } from "./engine/execution-engine.js";
import { ExecutionEventHub } from "./execution/event-hub.js";
import { createOrchestrationLoaders, type OrchestrationServices } from "./loaders.js";
import { buildApiSchema } from "./playbook/api-schema.js";
import { buildOrchestrationSchema } from "./schema.js";

export interface OrchestrationDependencies extends SubgraphDependencies {
  executions: ExecutionEngine;
  databaseUrl: string;
  /** The composed supergraph (schema/supergraph.graphql), for checking playbooks on save. */
  supergraphSdl: string;
}

export async function createOrchestrationSubgraph(deps: OrchestrationDependencies) {
  const events = new ExecutionEventHub({
    databaseUrl: deps.databaseUrl,
    orm: deps.orm,
    logger: deps.logger.child({ component: "execution-events" }),
  });
  const services: OrchestrationServices = {
    executions: deps.executions,
    events,
    apiSchema: buildApiSchema(deps.supergraphSdl),
  };
  return createSubgraphService(
    "orchestration",
    await buildOrchestrationSchema(),
    createOrchestrationLoaders,
    deps,
    {
      routes: {
        "/oauth/callback": createOAuthCallbackRoute({
          orm: deps.orm,
          runtime: deps.runtime,
          logger: deps.logger.child({ component: "oauth" }),
        }),
      },
      context: services,
      onStop: () => events.close(),
      // Not ready while subscribers cannot hear new events or jobs cannot be sent and run.
      ready: async () => {
        events.check();
        await deps.executions.check();
      },
    },
  );
}
