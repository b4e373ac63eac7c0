import { GraphQLError } from "graphql";
import { ConnectorError } from "../../connectors/kit/connector-error.js";

/** Typed errors every subgraph throws; the code reaches clients as `extensions.code`. */
export class UnauthenticatedError extends GraphQLError {
  constructor(message = "Authentication required") {
    super(message, { extensions: { code: "UNAUTHENTICATED", http: { status: 401 } } });
  }
}

export class ForbiddenError extends GraphQLError {
  constructor(message = "Not allowed") {
    super(message, { extensions: { code: "FORBIDDEN" } });
  }
}

export class NotFoundError extends GraphQLError {
  constructor(what: string) {
    super(`${what} not found`, { extensions: { code: "NOT_FOUND" } });
  }
}

/** Invalid input: names the offending field so a dashboard can point at it. */
export class BadUserInputError extends GraphQLError {
  constructor(field: string, message: string) {
    super(`${field}: ${message}`, { extensions: { code: "BAD_USER_INPUT", field } });
  }
}

/** The request conflicts with what exists (an idempotency key reused for another message). */
export class ConflictError extends GraphQLError {
  constructor(message: string, field?: string) {
    super(message, { extensions: { code: "CONFLICT", ...(field ? { field } : {}) } });
  }
}

/** The recipient opted out of this channel in this workspace. */
export class RecipientSuppressedError extends GraphQLError {
  constructor(channel: string, reason: string) {
    super(`The recipient opted out of ${channel} messages (${reason}); nothing was sent`, {
      extensions: { code: "RECIPIENT_SUPPRESSED", field: "to" },
    });
  }
}

/** The connection cannot be used (revoked, refresh failed, disconnected). */
export class ConnectionInactiveError extends GraphQLError {
  constructor(status: string, reason: string | null | undefined) {
    super(`The connection is ${status}${reason ? `: ${reason}` : ""}; reconnect it to continue`, {
      extensions: { code: "CONNECTION_INACTIVE", status },
    });
  }
}

/**
 * A provider failure in the closed taxonomy (AUTH_EXPIRED, RATE_LIMITED, UNKNOWN_OUTCOME, …):
 * our own message and the kind as the code; never the provider's raw body.
 */
export class ProviderError extends GraphQLError {
  constructor(error: ConnectorError) {
    super(error.message, {
      extensions: {
        code: error.kind,
        ...(error.details.provider ? { provider: error.details.provider } : {}),
        ...(error.details.retryAfterMs !== undefined
          ? { retryAfterMs: error.details.retryAfterMs }
          : {}),
      },
    });
  }
}

/** Maps connector failures to typed GraphQL errors; anything else is rethrown unchanged. */
export function asGraphQLError(error: unknown): unknown {
  return error instanceof ConnectorError ? new ProviderError(error) : error;
}
