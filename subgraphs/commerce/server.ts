import {
  createSubgraphService,
  type SubgraphDependencies,
} from "../shared/create-subgraph-service.js";
import { createCategoryWebhooks } from "../shared/webhooks/category-webhooks.js";
import { createCommerceLoaders } from "./loaders.js";
import { buildCommerceSchema } from "./schema.js";

export async function createCommerceSubgraph(deps: SubgraphDependencies) {
  return createSubgraphService(
    "commerce",
    await buildCommerceSchema(),
    createCommerceLoaders,
    deps,
    {
      webhooks: createCategoryWebhooks("COMMERCE"),
    },
  );
}
