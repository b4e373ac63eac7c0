import { operationFromDocument, Supergraph } from "@apollo/federation-internals";
import { buildOperationContext, type executeQueryPlan } from "@apollo/gateway";
import { QueryPlanner, type FetchNode, type PlanNode } from "@apollo/query-planner";
import type { DocumentNode, GraphQLSchema } from "graphql";

export type OperationContext = ReturnType<typeof buildOperationContext>;
/** The federation-internals API schema executeQueryPlan shapes results with. */
export type FederatedApiSchema = Parameters<typeof executeQueryPlan>[5];

/** The planner's answer for one subscription: who streams it, and what completes each event. */
export interface SubscriptionPlan {
  /** The fetch the owning subgraph runs as a subscription. */
  primary: FetchNode;
  /** Entity fetches to the other subgraphs, run for every event; none when one subgraph owns it all. */
  rest: PlanNode | undefined;
  operationContext: OperationContext;
}

export interface SubscriptionPlanner {
  /** The client-facing schema (graphql-js), to validate operations against. */
  apiSchema: GraphQLSchema;
  supergraphSchema: GraphQLSchema;
  federatedApiSchema: FederatedApiSchema;
  /** Every subgraph of the supergraph with its routing URL. */
  subgraphs: ReadonlyArray<{ name: string; url: string }>;
  /** Plans a validated subscription operation; throws when the planner cannot. */
  plan(document: DocumentNode, operationName: string | undefined): SubscriptionPlan;
}

/**
 * The supergraph as @apollo/gateway loads it (Supergraph.build, the API schema, a QueryPlanner),
 * for subscriptions: the JS planner plans them as a `Subscription` node of `primary` and `rest`,
 * which the gateway's executor refuses to run. The planner is built on first use, so a supergraph
 * without subscriptions costs nothing more.
 */
export function createSubscriptionPlanner(supergraphSdl: string): SubscriptionPlanner {
  const supergraph = Supergraph.build(supergraphSdl);
  const federatedApiSchema = supergraph.apiSchema();
  const apiSchema = federatedApiSchema.toGraphQLJSSchema();
  let planner: QueryPlanner | undefined;
  return {
    apiSchema,
    supergraphSchema: supergraph.schema.toGraphQLJSSchema(),
    federatedApiSchema,
    subgraphs: supergraph.subgraphsMetadata(),
    plan(document, operationName) {
      const operation = operationFromDocument(federatedApiSchema, document, { operationName });
      planner ??= new QueryPlanner(supergraph);
      const node = planner.buildQueryPlan(operation).node;
      if (node?.kind !== "Subscription") {
        throw new Error(`Expected a subscription plan, got ${node?.kind ?? "an empty plan"}`);
      }
      return {
        primary: node.primary,
        rest: node.rest,
        operationContext: buildOperationContext({
          schema: apiSchema,
          operationDocument: document,
          operationName,
        }),
      };
    },
  };
}
