import { executeQueryPlan, type ServiceMap } from "@apollo/gateway";
import type { QueryPlan } from "@apollo/query-planner";
import { GraphQLError, type DocumentNode } from "graphql";
import type { ExecutionResult, FormattedExecutionResult } from "graphql-ws";
import type { GatewayContext } from "../context.js";
import { SubscriptionEventDataSource } from "./event-data-source.js";
import type { SubscriptionPlan, SubscriptionPlanner } from "./subscription-planner.js";

type RequestContext = Parameters<typeof executeQueryPlan>[2];

/** executeQueryPlan wants a request cache; nothing on this path reads or writes it. */
const NO_CACHE: RequestContext["cache"] = {
  get: async () => undefined,
  set: async () => {},
  delete: async () => {},
};

export interface EventExecutorOptions {
  planner: SubscriptionPlanner;
  plan: SubscriptionPlan;
  /** The gateway's data sources by subgraph name (CrosscastDataSource: signed identity). */
  services: ServiceMap;
  context: GatewayContext;
  document: DocumentNode;
  operationName: string | undefined;
  variables: Record<string, unknown>;
}

/**
 * Completes one event of a subscription: runs `Sequence [primary, rest]`, where the primary fetch
 * reads the event instead of calling its subgraph, and `rest` fetches the other subgraphs' fields
 * with the gateway's own data sources. Everything but the per-event data source and metrics is
 * built once per subscription.
 */
export function createEventExecutor(options: EventExecutorOptions) {
  const { planner, plan, context } = options;
  const eventService = `${plan.primary.serviceName}#event`;
  const queryPlan: QueryPlan = {
    kind: "QueryPlan",
    node: {
      kind: "Sequence",
      nodes: [{ ...plan.primary, serviceName: eventService }, ...(plan.rest ? [plan.rest] : [])],
    },
  };
  const base = {
    request: { operationName: options.operationName, variables: options.variables },
    context,
    logger: context.logger,
    schema: planner.apiSchema,
    schemaHash: "" as RequestContext["schemaHash"],
    cache: NO_CACHE,
    queryHash: "",
    document: options.document,
    source: "",
    operationName: options.operationName ?? null,
    operation: plan.operationContext.operation,
    overallCachePolicy: undefined,
  };
  return async function executeEvent(event: FormattedExecutionResult): Promise<ExecutionResult> {
    if (event.data === undefined || event.data === null) {
      // Nothing to complete: the subgraph answered with errors only.
      const errors = (event.errors ?? []).map(
        error =>
          new GraphQLError(error.message, {
            path: error.path,
            extensions: { ...error.extensions, serviceName: plan.primary.serviceName },
          }),
      );
      return { data: null, errors };
    }
    const requestContext: RequestContext = { ...base, metrics: {} };
    return executeQueryPlan(
      queryPlan,
      { ...options.services, [eventService]: new SubscriptionEventDataSource(event) },
      requestContext,
      plan.operationContext,
      planner.supergraphSchema,
      planner.federatedApiSchema,
    );
  };
}
