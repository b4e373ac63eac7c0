import { buildFederatedSchema } from "../shared/build-federated-schema.js";
import { CampaignRef, ConnectionRef } from "./stubs.js";
import { CampaignOrdersResolver } from "./campaign/campaign-orders.resolver.js";
import { ConnectionOrdersResolver } from "./connection/connection-orders.resolver.js";
import { resolveOrderReference } from "./order/order.reference.js";
import { OrderResolver } from "./order/order.resolver.js";

/** The commerce subgraph: orders, and their counts and revenue on campaigns and connections. */
export function buildCommerceSchema() {
  return buildFederatedSchema({
    resolvers: [OrderResolver, CampaignOrdersResolver, ConnectionOrdersResolver],
    orphanedTypes: [CampaignRef, ConnectionRef],
    references: { Order: { __resolveReference: resolveOrderReference } },
  });
}
