// The explicit subgraph registry: name → schema builder and service factory.
import type { GraphQLSchema } from "graphql";
import type { SubgraphName } from "../platform/config.js";
import { buildAdsSchema } from "./ads/schema.js";
import { createAdsSubgraph } from "./ads/server.js";
import { buildCommerceSchema } from "./commerce/schema.js";
import { createCommerceSubgraph } from "./commerce/server.js";
import { buildMessagingSchema } from "./messaging/schema.js";
import { createMessagingSubgraph } from "./messaging/server.js";
import { buildOrchestrationSchema } from "./orchestration/schema.js";
import { createOrchestrationSubgraph } from "./orchestration/server.js";
import type { SubgraphDependencies, SubgraphService } from "./shared/create-subgraph-service.js";
import { buildSocialSchema } from "./social/schema.js";
import { createSocialSubgraph } from "./social/server.js";

export interface SubgraphDefinition {
  buildSchema: () => Promise<GraphQLSchema>;
  create: (deps: SubgraphDependencies) => Promise<SubgraphService>;
}

export const SUBGRAPHS: Record<SubgraphName, SubgraphDefinition> = {
  social: { buildSchema: buildSocialSchema, create: createSocialSubgraph },
  ads: { buildSchema: buildAdsSchema, create: createAdsSubgraph },
  messaging: { buildSchema: buildMessagingSchema, create: createMessagingSubgraph },
  commerce: { buildSchema: buildCommerceSchema, create: createCommerceSubgraph },
  orchestration: { buildSchema: buildOrchestrationSchema, create: createOrchestrationSubgraph },
};
