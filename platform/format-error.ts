import { unwrapResolverError } from "@apollo/server/errors";
import type { GraphQLFormattedError } from "graphql";
import type { Logger } from "./logger.js";

/** Codes whose message was written for the client and may be shown as is. */
const CLIENT_CODES = new Set([
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "BAD_USER_INPUT",
  "BAD_REQUEST",
  "CONFLICT",
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "OPERATION_RESOLUTION_FAILURE",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "RECIPIENT_SUPPRESSED",
  "CONNECTION_INACTIVE",
]);

/**
 * Masks everything that is not a deliberate client error: the client sees "Internal server
 * error" with a code and the request id to quote, the log keeps the full error with its stack.
 */
export function createFormatError(
  logger: Logger,
  /** More codes whose messages are written for clients (the connector error taxonomy). */
  clientCodes: readonly string[] = [],
) {
  const shown = new Set([...CLIENT_CODES, ...clientCodes]);
  return function formatError(
    formatted: GraphQLFormattedError,
    error: unknown,
  ): GraphQLFormattedError {
    const code = formatted.extensions?.code;
    if (typeof code === "string" && shown.has(code)) {
      const {
        stacktrace: _stacktrace,
        exception: _exception,
        ...extensions
      } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    logger.error({ err: unwrapResolverError(error), path: formatted.path }, "internal error");
    return {
      message: "Internal server error",
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    };
  };
}
