import {
  createSubgraphService,
  type SubgraphDependencies,
} from "../shared/create-subgraph-service.js";
import { createOrchestrationLoaders } from "./loaders.js";
import { buildOrchestrationSchema } from "./schema.js";

export async function createOrchestrationSubgraph(deps: SubgraphDependencies) {
  return createSubgraphService(
    "orchestration",
    await buildOrchestrationSchema(),
    createOrchestrationLoaders,
    deps,
  );
}
