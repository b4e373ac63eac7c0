import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import { GraphQLError } from "graphql";

function badRequest(message: string, code: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status: 400 } } });
}

/**
 * Refuses, as the client's mistake (HTTP 400), the requests @apollo/gateway would otherwise fail
 * on inside its executor, where they surface as internal errors: an operation name the document
 * does not hold, several operations and no name, and a subscription sent over HTTP (the gateway
 * serves those over graphql-ws on the same path).
 */
export function createOperationGuardPlugin<T extends BaseContext>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, request }) {
          if (!operation) {
            throw badRequest(
              request.operationName
                ? `Unknown operation named "${request.operationName}".`
                : "Must provide operation name if query contains multiple operations.",
              "OPERATION_RESOLUTION_FAILURE",
            );
          }
          if (operation.operation === "subscription") {
            throw badRequest(
              "Subscriptions are served over WebSocket on this path (graphql-ws, protocol graphql-transport-ws).",
              "BAD_REQUEST",
            );
          }
        },
      };
    },
  };
}
