import {
  createSubgraphService,
  type SubgraphDependencies,
} from "../shared/create-subgraph-service.js";
import { createOAuthCallbackRoute } from "./connection/oauth-callback.route.js";
import { createOrchestrationLoaders } from "./loaders.js";
import { buildOrchestrationSchema } from "./schema.js";

export async function createOrchestrationSubgraph(deps: SubgraphDependencies) {
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
    },
  );
}
