import { CONNECTOR_ERROR_KINDS } from "../../connectors/kit/connector-error.js";
import type { Server } from "node:http";
import type { ServiceMap } from "@apollo/gateway";
import type { Fetcher } from "@apollo/utils.fetcher";
import { createUserTokenVerifier, type UserTokenOptions } from "../../platform/auth/user-token.js";
import type { Viewer } from "../../platform/auth/viewer.js";
import { createLimitRules, type OperationLimits } from "../../platform/graphql-limits.js";
import {
  serveGraphQLWebSocket,
  type GraphQLWebSocketEndpoint,
} from "../../platform/graphql-ws/graphql-ws-endpoint.js";
import type { Logger } from "../../platform/logger.js";
import { createKeepAliveFetcher } from "../../platform/http/keepalive-fetcher.js";
import { CrosscastDataSource } from "../data-source.js";
import { createSessionAdmitter, type ClientSession } from "./client-session.js";
import { createFederatedSubscriptionRunner } from "./federated-subscription.js";
import { createSubscriptionPlanner } from "./subscription-planner.js";

export interface GatewaySubscriptionsOptions {
  /** The gateway's node:http server: subscriptions share its port and path with HTTP. */
  server: Server;
  supergraphSdl: string;
  /** Subgraph name → GraphQL HTTP URL, overriding the supergraph's routing URLs (ws:// is derived). */
  subgraphUrls: Partial<Record<string, string>>;
  auth: UserTokenOptions & { internalSecret: string };
  /** The gateway's own verifier and subgraph client, shared with HTTP; made from `auth` if absent. */
  verifyUserToken?: (token: string) => Promise<Viewer>;
  fetcher?: Fetcher;
  logger: Logger;
  production: boolean;
  /** Depth and alias limits; the HTTP path's defaults when omitted. */
  limits?: OperationLimits;
  /** Default `/graphql`. */
  path?: string;
}

export type GatewaySubscriptions = GraphQLWebSocketEndpoint;

/**
 * Federated subscriptions over graphql-ws (graphql-transport-ws) on the gateway's `/graphql`.
 * A client authenticates in `connection_init` with `{ authorization: "Bearer <JWT>" }`; each
 * subscription is validated like HTTP (depth and alias limits), planned once, streamed from the
 * owning subgraph over a websocket carrying the signed identity, and every event is completed
 * with the other subgraphs' fields through the gateway's data sources. Queries and mutations are
 * refused on the socket: they go to POST /graphql.
 */
export function createGatewaySubscriptions(
  options: GatewaySubscriptionsOptions,
): GatewaySubscriptions {
  const logger = options.logger.child({ component: "subscriptions" });
  const planner = createSubscriptionPlanner(options.supergraphSdl);
  const urls = new Map(
    planner.subgraphs.map(({ name, url }) => [name, options.subgraphUrls[name] ?? url]),
  );
  const fetcher = options.fetcher ?? createKeepAliveFetcher();
  const services: ServiceMap = Object.fromEntries(
    [...urls].map(([name, url]) => [
      name,
      new CrosscastDataSource(url, options.auth.internalSecret, fetcher),
    ]),
  );
  return serveGraphQLWebSocket<ClientSession>({
    clientCodes: CONNECTOR_ERROR_KINDS,
    server: options.server,
    path: options.path ?? "/graphql",
    schema: planner.apiSchema,
    logger,
    production: options.production,
    validationRules: createLimitRules(options.limits),
    admit: createSessionAdmitter({
      verifyUserToken: options.verifyUserToken ?? createUserTokenVerifier(options.auth),
      internalSecret: options.auth.internalSecret,
      urls,
      logger,
    }),
    run: createFederatedSubscriptionRunner({ planner, services }),
    closed: session => session.close(),
  });
}
