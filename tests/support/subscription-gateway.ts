import { randomUUID } from "node:crypto";
import { createGatewaySubscriptions } from "../../gateway/subscriptions/gateway-subscriptions.js";
import { mintUserToken } from "../../platform/auth/user-token.js";
import { loadConfig, type CrosscastConfig } from "../../platform/config.js";
import type { GraphQLWebSocketEndpoint } from "../../platform/graphql-ws/graphql-ws-endpoint.js";
import { createServiceServer, type ServiceServer } from "../../platform/http/service-server.js";
import { createLogger, type Logger } from "../../platform/logger.js";
import {
  startSubscriptionSubgraphs,
  type SubscriptionSubgraphs,
} from "./subscription-subgraphs.js";
import { useStarted } from "./lifecycle.js";
import { connect } from "./subscription-client.js";
import { createTestOrm, type TestOrm } from "./test-database.js";

/** A gateway serving federated subscriptions over graphql-ws, in front of the test subgraphs. */
export interface SubscriptionGateway {
  config: CrosscastConfig;
  logger: Logger;
  /** The signed-in viewer's workspace. */
  workspaceId: string;
  database: TestOrm;
  subgraphs: SubscriptionSubgraphs;
  gateway: ServiceServer;
  subscriptions: GraphQLWebSocketEndpoint;
  /** The gateway's graphql-ws URL. */
  url: string;
  /** A user token for `workspaceId`. */
  token: string;
  close(): Promise<void>;
}

/** Starts a database of its own, the subscription subgraphs and the gateway on free ports. */
export async function startSubscriptionGateway(): Promise<SubscriptionGateway> {
  const config = loadConfig({ NODE_ENV: "test" });
  const logger = createLogger({ service: "test", level: "silent" });
  const workspaceId = randomUUID();
  const database = await createTestOrm();
  const subgraphs = await startSubscriptionSubgraphs({ orm: database.orm, config, logger });
  const gateway = createServiceServer({ logger, routes: {}, ready: async () => {} });
  const subscriptions = createGatewaySubscriptions({
    server: gateway.server,
    supergraphSdl: subgraphs.supergraphSdl,
    subgraphUrls: subgraphs.subgraphUrls,
    auth: config.auth,
    logger,
    production: false,
  });
  const url = `ws://127.0.0.1:${await gateway.listen(0)}/graphql`;
  const token = await mintUserToken(config.auth.jwtSecret, { userId: "user-1", workspaceId });
  return {
    config,
    logger,
    workspaceId,
    database,
    subgraphs,
    gateway,
    subscriptions,
    url,
    token,
    async close() {
      await subscriptions.close();
      await gateway.close();
      await subgraphs.stop();
      await database.close();
    },
  };
}

/**
 * The subscription gateway for the describe that calls it: started before its tests, closed after
 * them. Returns getters for its parts, and `signedIn()`, a client with the viewer's token.
 */
export function useSubscriptionGateway() {
  const gateway = useStarted("the subscription gateway", startSubscriptionGateway, setup =>
    setup.close(),
  );
  return {
    gateway,
    config: () => gateway().config,
    logger: () => gateway().logger,
    workspaceId: () => gateway().workspaceId,
    subgraphs: () => gateway().subgraphs,
    url: () => gateway().url,
    token: () => gateway().token,
    signedIn: () => connect(gateway().url, { authorization: `Bearer ${gateway().token}` }),
  };
}
