import { CONNECTOR_ERROR_KINDS } from "../../../connectors/kit/connector-error.js";
import type { Server } from "node:http";
import { createSourceEventStream, execute, type GraphQLSchema } from "graphql";
import {
  INTERNAL_HEADER,
  InternalTokenError,
  verifyInternalToken,
  type InternalIdentity,
} from "../../../platform/auth/internal-token.js";
import { mapEventStream } from "../../../platform/graphql-ws/event-streams.js";
import {
  CLOSE_FORBIDDEN,
  serveGraphQLWebSocket,
  type Admission,
  type GraphQLWebSocketEndpoint,
} from "../../../platform/graphql-ws/graphql-ws-endpoint.js";
import type { Logger } from "../../../platform/logger.js";

export interface SubgraphSubscriptionsOptions<TContext> {
  /** The subgraph's node:http server (`service.http.server`). */
  server: Server;
  schema: GraphQLSchema;
  /** The secret the gateway signs `x-crosscast-internal` with. */
  internalSecret: string;
  /**
   * A fresh context for the verified identity (createIdentityContextFactory): built once for the
   * subscription's `subscribe`, and once more for every event it resolves.
   */
  context: (identity: InternalIdentity) => TContext | Promise<TContext>;
  logger: Logger;
  production: boolean;
  /** Default `/graphql`, next to the HTTP endpoint. */
  path?: string;
}

/** How the gateway authenticates: the HTTP header's token, in the `connection_init` payload. */
function admitGateway(
  params: Readonly<Record<string, unknown>>,
  internalSecret: string,
  logger: Logger,
): Admission<InternalIdentity> {
  const token = params[INTERNAL_HEADER];
  try {
    return {
      session: verifyInternalToken(internalSecret, typeof token === "string" ? token : undefined),
    };
  } catch (error) {
    if (error instanceof InternalTokenError) {
      logger.warn({ reason: error.message }, "refused a websocket without gateway credentials");
      return { refuse: CLOSE_FORBIDDEN, reason: "Forbidden" };
    }
    throw error;
  }
}

/**
 * Serves the subgraph's `Subscription` fields over graphql-ws on its own `/graphql`, for the
 * gateway only: `connection_init` must carry the gateway's signed identity, or the socket closes
 * with 4403. A subscription's source stream is created with one fresh context, and each event is
 * resolved with another, so DataLoader caches and the identity map never outlive one event.
 * A schema without a Subscription type attaches nothing.
 */
export function attachSubgraphSubscriptions<TContext>(
  options: SubgraphSubscriptionsOptions<TContext>,
): GraphQLWebSocketEndpoint {
  const { schema } = options;
  if (!schema.getSubscriptionType()) {
    return { close: async () => {} };
  }
  const logger = options.logger.child({ transport: "graphql-ws" });
  return serveGraphQLWebSocket<InternalIdentity>({
    clientCodes: CONNECTOR_ERROR_KINDS,
    server: options.server,
    path: options.path ?? "/graphql",
    schema,
    logger,
    production: options.production,
    admit: async params => admitGateway(params, options.internalSecret, logger),
    run: async ({ session, document, operationName, variables }) => {
      const args = { schema, document, operationName, variableValues: variables };
      const source = await createSourceEventStream({
        ...args,
        contextValue: await options.context(session),
      });
      if (!(Symbol.asyncIterator in source)) {
        return source;
      }
      return mapEventStream(source[Symbol.asyncIterator](), async event =>
        execute({ ...args, rootValue: event, contextValue: await options.context(session) }),
      );
    },
  });
}
