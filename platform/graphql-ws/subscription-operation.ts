import {
  getOperationAST,
  getVariableValues,
  GraphQLError,
  parse,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type ValidationRule,
} from "graphql";
import type { SubscribePayload } from "graphql-ws";

/** A copy of `error` with a code (its own wins), without "Did you mean" hints when asked. */
function withCode(error: GraphQLError, code: string, hideSuggestions: boolean): GraphQLError {
  const message = hideSuggestions
    ? error.message.replace(/ ?Did you mean(.+?)\?$/, "")
    : error.message;
  return new GraphQLError(message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    extensions: { ...error.extensions, code: error.extensions.code ?? code },
  });
}

/**
 * Checks a `subscribe` payload the way Apollo Server checks an HTTP request: parse
 * (GRAPHQL_PARSE_FAILED), validate with `rules` (GRAPHQL_VALIDATION_FAILED), coerce the variables
 * (BAD_USER_INPUT); then accepts only a subscription (BAD_REQUEST otherwise). `production` strips
 * schema suggestions from messages, as `hideSchemaDetailsFromClientErrors` does on HTTP.
 */
export function checkSubscription(
  schema: GraphQLSchema,
  payload: SubscribePayload,
  rules: readonly ValidationRule[],
  production: boolean,
): { document: DocumentNode } | GraphQLError[] {
  let document: DocumentNode;
  try {
    document = parse(payload.query);
  } catch (error) {
    const parseError = error instanceof GraphQLError ? error : new GraphQLError(String(error));
    return [withCode(parseError, "GRAPHQL_PARSE_FAILED", false)];
  }
  const invalid = validate(schema, document, rules);
  if (invalid.length > 0) {
    return invalid.map(error => withCode(error, "GRAPHQL_VALIDATION_FAILED", production));
  }
  const operation = getOperationAST(document, payload.operationName);
  if (!operation) {
    return [
      new GraphQLError("Could not determine which operation to run", {
        extensions: { code: "BAD_REQUEST" },
      }),
    ];
  }
  if (operation.operation !== "subscription") {
    return [
      new GraphQLError(
        "Only subscriptions are served over WebSocket; send queries and mutations to POST /graphql",
        { extensions: { code: "BAD_REQUEST" } },
      ),
    ];
  }
  if (!schema.getSubscriptionType()) {
    // graphql-js 16 validation does not check that the operation's root type exists.
    const error = new GraphQLError("This schema has no subscriptions", { nodes: operation });
    return [withCode(error, "GRAPHQL_VALIDATION_FAILED", false)];
  }
  const coerced = getVariableValues(
    schema,
    operation.variableDefinitions ?? [],
    payload.variables ?? {},
  );
  if (coerced.errors) {
    return coerced.errors.map(error => withCode(error, "BAD_USER_INPUT", production));
  }
  return { document };
}
