import {
  createSubgraphService,
  type SubgraphDependencies,
} from "../shared/create-subgraph-service.js";
import { createSocialLoaders } from "./loaders.js";
import { buildSocialSchema } from "./schema.js";

export async function createSocialSubgraph(deps: SubgraphDependencies) {
  return createSubgraphService("social", await buildSocialSchema(), createSocialLoaders, deps);
}
