import { CONNECTOR_ERROR_KINDS } from "../connectors/kit/connector-error.js";
import { ApolloGateway } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createUserTokenVerifier, type UserTokenOptions } from "../platform/auth/user-token.js";
import type { SubgraphName } from "../platform/config.js";
import { createFormatError } from "../platform/format-error.js";
import { createLimitRules } from "../platform/graphql-limits.js";
import { createApolloHandler } from "../platform/http/apollo-handler.js";
import { createKeepAliveFetcher } from "../platform/http/keepalive-fetcher.js";
import { createServiceServer, type ServiceServer } from "../platform/http/service-server.js";
import type { Logger } from "../platform/logger.js";
import { createGatewayContextFactory, type GatewayContext } from "./context.js";
import { CrosscastDataSource } from "./data-source.js";
import { createForwardRoute, serviceBaseUrl } from "./forward.js";
import { createWebhookForward } from "./webhook-forward.js";
import { createGraphiqlRoutes } from "./graphiql.js";
import { createOperationGuardPlugin } from "./operation-guard.plugin.js";
import { createRequestLogPlugin } from "../platform/request-log.plugin.js";
import { createGatewaySubscriptions } from "./subscriptions/gateway-subscriptions.js";

/** A subgraph that has not answered by then fails its part of the request (masked, logged). */
const SUBGRAPH_TIMEOUT_MS = 30_000;

export interface GatewayOptions {
  supergraphSdl: string;
  subgraphUrls: Record<SubgraphName, string>;
  auth: UserTokenOptions & { internalSecret: string };
  logger: Logger;
  production: boolean;
  /** Headers GraphiQL pre-fills (a development token); GraphiQL is off in production. */
  graphiqlHeaders?: Record<string, string>;
}

export interface Gateway {
  http: ServiceServer;
  stop(): Promise<void>;
}

async function subgraphsHealthy(urls: string[]): Promise<void> {
  await Promise.all(
    urls.map(async url => {
      const response = await fetch(new URL("/healthz", url), {
        signal: AbortSignal.timeout(2_000),
      });
      if (!response.ok) {
        throw new Error(`${url} answered ${response.status}`);
      }
    }),
  );
}

/**
 * The Crosscast gateway: @apollo/gateway over the static supergraph, authenticating users and
 * passing a signed identity to every subgraph call.
 */
export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const logger = options.logger.child({ component: "gateway" });
  // One subgraph client and one token verifier (one JWKS cache) for HTTP and subscriptions.
  const fetcher = createKeepAliveFetcher({ timeoutMs: SUBGRAPH_TIMEOUT_MS });
  const verifyUserToken = createUserTokenVerifier(options.auth);
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) =>
      new CrosscastDataSource(
        options.subgraphUrls[name as SubgraphName] ?? url ?? "",
        options.auth.internalSecret,
        fetcher,
      ),
    logger,
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError: createFormatError(logger, CONNECTOR_ERROR_KINDS),
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: options.production,
    introspection: !options.production,
    validationRules: createLimitRules(),
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      createOperationGuardPlugin(),
      createRequestLogPlugin("info"),
    ],
  });
  await apollo.start();
  const graphql = createApolloHandler(
    apollo,
    createGatewayContextFactory({ verifyUserToken, logger }),
  );
  const graphiql = options.production
    ? { routes: {}, prefixRoutes: [] }
    : createGraphiqlRoutes({ endpoint: "/graphql", defaultHeaders: options.graphiqlHeaders ?? {} });
  const wantsIde = (req: IncomingMessage) =>
    !options.production && req.method === "GET" && (req.headers.accept ?? "").includes("text/html");
  const http = createServiceServer({
    logger,
    routes: {
      ...graphiql.routes,
      "/graphql": (req: IncomingMessage, res: ServerResponse) => {
        if (wantsIde(req)) {
          res.writeHead(302, { location: "/graphiql" }).end();
          return;
        }
        return graphql(req, res);
      },
    },
    prefixRoutes: [
      ...graphiql.prefixRoutes,
      // Providers reach the services that own these paths through the gateway, the only public port.
      ["/webhooks/", createWebhookForward(options.subgraphUrls, logger)],
      ["/oauth/", createForwardRoute(serviceBaseUrl(options.subgraphUrls.orchestration), logger)],
    ],
    ready: () => subgraphsHealthy(Object.values(options.subgraphUrls)),
  });
  // graphql-ws on the same port and path: federated subscriptions (gateway/subscriptions/).
  const subscriptions = createGatewaySubscriptions({
    server: http.server,
    supergraphSdl: options.supergraphSdl,
    subgraphUrls: options.subgraphUrls,
    auth: options.auth,
    verifyUserToken,
    fetcher,
    logger,
    production: options.production,
  });
  return {
    http,
    async stop() {
      await subscriptions.close();
      await http.close();
      await apollo.stop();
    },
  };
}
