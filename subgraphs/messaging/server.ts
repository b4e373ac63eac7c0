import {
  createSubgraphService,
  type SubgraphDependencies,
} from "../shared/create-subgraph-service.js";
import { createMessagingLoaders } from "./loaders.js";
import { buildMessagingSchema } from "./schema.js";
import { createMessagingWebhooks } from "./webhooks/messaging-webhooks.js";

export async function createMessagingSubgraph(deps: SubgraphDependencies) {
  return createSubgraphService(
    "messaging",
    await buildMessagingSchema(),
    createMessagingLoaders,
    deps,
    {
      webhooks: createMessagingWebhooks(deps.runtime),
    },
  );
}
