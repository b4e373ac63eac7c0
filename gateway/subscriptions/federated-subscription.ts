import type { ServiceMap } from "@apollo/gateway";
import type { FetchNode } from "@apollo/query-planner";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import type { FormattedExecutionResult, OperationResult } from "graphql-ws";
import { createEventStream, mapEventStream } from "../../platform/graphql-ws/event-streams.js";
import type { SubscriptionRequest } from "../../platform/graphql-ws/graphql-ws-endpoint.js";
import type { ClientSession } from "./client-session.js";
import { createEventExecutor } from "./event-executor.js";
import type { SubscriptionPlanner } from "./subscription-planner.js";

function internalError(message: string, cause: unknown): GraphQLError {
  return new GraphQLError(message, {
    originalError: cause instanceof Error ? cause : new Error(String(cause)),
    extensions: { code: "INTERNAL_SERVER_ERROR" },
  });
}

/**
 * What ended a subgraph stream early: its own (already masked) GraphQL errors, kept with their
 * code so a FORBIDDEN reaches the client as such; or a socket failure, which is internal.
 */
function upstreamFailure(error: unknown, serviceName: string): GraphQLError {
  const first = Array.isArray(error) ? (error[0] as GraphQLFormattedError | undefined) : undefined;
  if (first && typeof first.message === "string") {
    return new GraphQLError(first.message, { extensions: { ...first.extensions, serviceName } });
  }
  // A CloseEvent ({ code, reason }) or an ErrorEvent ({ message }) from the subgraph socket.
  const { code, reason, message } = (error ?? {}) as Record<string, unknown>;
  const detail =
    error instanceof Error
      ? error
      : new Error(["websocket", code, reason, message].filter(part => part).join(" "));
  return internalError(`The ${serviceName} subscription failed`, detail);
}

/** The variables the primary fetch declares, from the client's. */
function variablesFor(fetch: FetchNode, variables: Record<string, unknown>) {
  return Object.fromEntries(
    (fetch.variableUsages ?? [])
      .filter(name => name in variables)
      .map(name => [name, variables[name]]),
  );
}

/**
 * Runs one client subscription: plans it once, subscribes to the owning subgraph over the
 * connection's upstream socket, and completes every event with the other subgraphs' fields before
 * it reaches the client, one event at a time and in order. When the client leaves, the upstream
 * subscription is completed at once; when the subgraph completes or fails, so does the client's.
 */
export function createFederatedSubscriptionRunner(options: {
  planner: SubscriptionPlanner;
  services: ServiceMap;
}) {
  return function run(request: SubscriptionRequest<ClientSession>): OperationResult {
    const { session, document, operationName, variables } = request;
    const { context } = session;
    try {
      const plan = options.planner.plan(document, operationName);
      const { primary } = plan;
      const executeEvent = createEventExecutor({
        planner: options.planner,
        plan,
        services: options.services,
        context,
        document,
        operationName,
        variables,
      });
      const started = performance.now();
      let events = 0;
      const source = createEventStream<FormattedExecutionResult>(sink => {
        const unsubscribe = session.upstream.subscribe(
          primary.serviceName,
          {
            query: primary.operation,
            operationName: primary.operationName,
            variables: variablesFor(primary, variables),
          },
          {
            next: event => sink.push(event),
            error: error => sink.fail(upstreamFailure(error, primary.serviceName)),
            complete: () => sink.end(),
          },
        );
        return () => {
          unsubscribe();
          context.logger.info(
            {
              operationName: operationName ?? null,
              workspaceId: context.viewer.workspaceId,
              subgraph: primary.serviceName,
              events,
              durationMs: Math.round(performance.now() - started),
            },
            "graphql subscription ended",
          );
        };
      });
      return mapEventStream(source, event => {
        events += 1;
        return executeEvent(event);
      });
    } catch (error) {
      return { errors: [internalError("Could not start the subscription", error)] };
    }
  };
}
