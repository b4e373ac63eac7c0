import { GraphQLError } from "graphql";

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
