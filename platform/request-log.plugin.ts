import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import type { Viewer } from "./auth/viewer.js";
import type { Logger } from "./logger.js";

interface LoggingContext extends BaseContext {
  logger: Logger;
  viewer: Viewer;
}

/**
 * One JSON log line per operation: the request id (bound in the context's child logger),
 * operation name, workspace, status, duration and error codes. Never variables or results.
 */
export function createRequestLogPlugin(
  level: "info" | "debug",
): ApolloServerPlugin<LoggingContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = performance.now();
      return {
        async willSendResponse({ request, response, errors, operationName }) {
          const log = contextValue.logger;
          if (!log?.isLevelEnabled(level)) {
            return;
          }
          const codes = (errors ?? []).map(error => error.extensions?.code ?? "UNKNOWN");
          log[level](
            {
              operationName: operationName ?? request.operationName ?? null,
              workspaceId: contextValue.viewer?.workspaceId,
              status: response.http.status ?? 200,
              durationMs: Math.round((performance.now() - started) * 100) / 100,
              ...(codes.length ? { errorCodes: codes } : {}),
            },
            "graphql operation",
          );
        },
      };
    },
  };
}
