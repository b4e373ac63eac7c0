import type { ApolloServerPlugin } from "@apollo/server";
import type { GatewayContext } from "./context.js";

/** One JSON log line per operation: request id, operation, duration and error codes. */
export function createRequestLogPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = performance.now();
      return {
        async willSendResponse({ request, response, errors }) {
          const log = contextValue.logger;
          if (!log?.isLevelEnabled("info")) {
            return;
          }
          const codes = (errors ?? []).map(error => error.extensions?.code ?? "UNKNOWN");
          log.info(
            {
              operationName: request.operationName ?? null,
              workspaceId: contextValue.viewer?.workspaceId,
              status: response.http.status ?? 200,
              durationMs: Math.round((performance.now() - started) * 100) / 100,
              ...(codes.length ? { errorCodes: codes } : {}),
            },
            "graphql request",
          );
        },
      };
    },
  };
}
