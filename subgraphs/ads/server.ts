import {
  createSubgraphService,
  type SubgraphDependencies,
} from "../shared/create-subgraph-service.js";
import { createCategoryWebhooks } from "../shared/webhooks/category-webhooks.js";
import { createAdsLoaders } from "./loaders.js";
import { buildAdsSchema } from "./schema.js";

export async function createAdsSubgraph(deps: SubgraphDependencies) {
  return createSubgraphService("ads", await buildAdsSchema(), createAdsLoaders, deps, {
    webhooks: createCategoryWebhooks("ADS"),
  });
}
