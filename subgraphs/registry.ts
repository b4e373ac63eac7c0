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
import {
  createOrchestrationSubgraph,
  type OrchestrationDependencies,
} from "./orchestration/server.js";
import type { SubgraphDependencies, SubgraphService } from "./shared/create-subgraph-service.js";
import { buildSocialSchema } from "./social/schema.js";
import { createSocialSubgraph } from "./social/server.js";

/** What every subgraph may be given: the shared dependencies, and orchestration's own. */
export type StackDependencies = SubgraphDependencies & Partial<OrchestrationDependencies>;

export interface SubgraphDefinition {
  buildSchema: () => Promise<GraphQLSchema>;
  create: (deps: StackDependencies) => Promise<SubgraphService>;
}

export const SUBGRAPHS: Record<SubgraphName, SubgraphDefinition> = {
  social: { buildSchema: buildSocialSchema, create: createSocialSubgraph },
  ads: { buildSchema: buildAdsSchema, create: createAdsSubgraph },
  messaging: { buildSchema: buildMessagingSchema, create: createMessagingSubgraph },
  commerce: { buildSchema: buildCommerceSchema, create: createCommerceSubgraph },
  orchestration: {
    buildSchema: buildOrchestrationSchema,
    create: ({ executions, databaseUrl, supergraphSdl, ...deps }) => {
      if (!executions || !databaseUrl || !supergraphSdl) {
        throw new Error(
          "the orchestration subgraph needs the execution engine, DATABASE_URL and the supergraph",
        );
      }
      return createOrchestrationSubgraph({ ...deps, executions, databaseUrl, supergraphSdl });
    },
  },
};
