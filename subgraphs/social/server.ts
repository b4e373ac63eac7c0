import {
  createSubgraphService,
  type SubgraphDependencies,
} from "../shared/create-subgraph-service.js";
import { createCategoryWebhooks } from "../shared/webhooks/category-webhooks.js";
import { createSocialLoaders } from "./loaders.js";
import { buildSocialSchema } from "./schema.js";

export async function createSocialSubgraph(deps: SubgraphDependencies) {
  return createSubgraphService("social", await buildSocialSchema(), createSocialLoaders, deps, {
    webhooks: createCategoryWebhooks("SOCIAL"),
  });
}
