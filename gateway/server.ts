import { CONNECTOR_ERROR_KINDS } from "../connectors/kit/connector-error.js";
import { ApolloGateway, type GraphQLDataSource } from "@apollo/gateway";
import { ApolloServer, HeaderMap } from "@apollo/server";
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
  /**
   * How the gateway calls each subgraph; default a `CrosscastDataSource` over HTTP at its URL.
   * Tests that need no HTTP run the subgraphs in process (tests/support/test-supergraph.ts).
   */
  dataSourceFor?: (name: SubgraphName) => GraphQLDataSource<GatewayContext>;
}

/** One POST /graphql as the HTTP route answers it, without a socket. */
export interface GatewayHttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface Gateway {
  http: ServiceServer;
  /**
   * Runs one POST /graphql exactly as the HTTP route does (the same context from the headers,
   * validation rules, plugins and error formatting), without a socket.
   */
  post(headers: Record<string, string>, json: string): Promise<GatewayHttpResponse>;
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
      options.dataSourceFor?.(name as SubgraphName) ??
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
  const context = createGatewayContextFactory({ verifyUserToken, logger });
  const graphql = createApolloHandler(apollo, context);
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
    async post(headers, json) {
      let body: unknown;
      try {
        body = JSON.parse(json);
      } catch {
        const error = {
          message: "request body is not valid JSON",
          extensions: { code: "BAD_REQUEST" },
        };
        return { status: 400, headers: {}, body: JSON.stringify({ errors: [error] }) };
      }
      const lowercased = Object.fromEntries(
        Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
      );
      const answered: Record<string, string> = {};
      const response = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: {
          method: "POST",
          headers: new HeaderMap(Object.entries(lowercased)),
          search: "",
          body,
        },
        context: () =>
          context(
            { headers: lowercased },
            { setHeader: (name, value) => (answered[name.toLowerCase()] = value) },
          ),
      });
      let text = "";
      if (response.body.kind === "complete") {
        text = response.body.string;
      } else {
        for await (const chunk of response.body.asyncIterator) {
          text += chunk;
        }
      }
      return {
        status: response.status ?? 200,
        headers: { ...answered, ...Object.fromEntries(response.headers) },
        body: text,
      };
    },
    async stop() {
      await subscriptions.close();
      await http.close();
      await apollo.stop();
    },
  };
}
