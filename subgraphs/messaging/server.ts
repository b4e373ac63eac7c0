import {
  createSubgraphService,
  type SubgraphDependencies,
} from "../shared/create-subgraph-service.js";
import { createMessagingLoaders } from "./loaders.js";
import { buildMessagingSchema } from "./schema.js";
import { createWebhookRoute } from "./webhooks/webhook.route.js";

export async function createMessagingSubgraph(deps: SubgraphDependencies) {
  const webhooks = createWebhookRoute({
    orm: deps.orm,
    runtime: deps.runtime,
    logger: deps.logger.child({ component: "webhooks" }),
  });
  return createSubgraphService(
    "messaging",
    await buildMessagingSchema(),
    createMessagingLoaders,
    deps,
    {
      prefixRoutes: [["/webhooks/", webhooks]],
    },
  );
}
