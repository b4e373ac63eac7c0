import { createWebhookRoute, type AnyCategoryWebhooks } from "./webhooks/webhook.route.js";
import { CONNECTOR_ERROR_KINDS } from "../../connectors/kit/connector-error.js";
import { ApolloServer } from "@apollo/server";
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from "@apollo/server/plugin/disabled";
import type { EntityManager } from "@mikro-orm/postgresql";
import type { GraphQLFormattedError, GraphQLSchema } from "graphql";
import type { InternalIdentity } from "../../platform/auth/internal-token.js";
import type { Viewer } from "../../platform/auth/viewer.js";
import type { SubgraphName } from "../../platform/config.js";
import { createFormatError } from "../../platform/format-error.js";
import { createApolloHandler } from "../../platform/http/apollo-handler.js";
import {
  createServiceServer,
  type RouteHandler,
  type ServiceServer,
} from "../../platform/http/service-server.js";
import type { Logger } from "../../platform/logger.js";
import { createRequestLogPlugin } from "../../platform/request-log.plugin.js";
import type { Orm } from "../../orm/config.js";
import type { ConnectorRuntime } from "../../connectors/runtime/connector-runtime.js";
import {
  createContextFactory,
  createIdentityContextFactory,
  type SubgraphContext,
} from "./context.js";
import { attachSubgraphSubscriptions } from "./subscriptions/attach-subgraph-subscriptions.js";

export interface SubgraphDependencies {
  orm: Orm;
  internalSecret: string;
  logger: Logger;
  production: boolean;
  runtime: ConnectorRuntime;
}

/** What one subgraph adds: HTTP routes besides /graphql (webhooks, OAuth callbacks), and context. */
export interface SubgraphExtras {
  routes?: Record<string, RouteHandler>;
  prefixRoutes?: Array<[prefix: string, handler: RouteHandler]>;
  /** The category whose providers' webhooks this subgraph serves at `/webhooks/<provider>`. */
  webhooks?: AnyCategoryWebhooks;
  /** Merged into every request's and subscription's context. */
  context?: object;
  /** Stopped with the service, before the HTTP server (the subgraph's own background work). */
  onStop?: () => Promise<void>;
  /** Readiness beyond the database: rejects while the subgraph's own background work cannot run. */
  ready?: () => Promise<void>;
}

export interface SubgraphService {
  name: SubgraphName;
  schema: GraphQLSchema;
  http: ServiceServer;
  /** The context a call from `identity` (already verified) resolves with, as over HTTP. */
  contextFor(identity: InternalIdentity): SubgraphContext<unknown>;
  /** How this subgraph's Apollo Server formats each error it answers with (masking included). */
  formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError;
  stop(): Promise<void>;
}

/** Wraps a subgraph schema in Apollo Server behind node:http, with probes and error masking. */
export async function createSubgraphService<TLoaders>(
  name: SubgraphName,
  schema: GraphQLSchema,
  createLoaders: (em: EntityManager, viewer: Viewer) => TLoaders,
  deps: SubgraphDependencies,
  extra: SubgraphExtras = {},
): Promise<SubgraphService> {
  const logger = deps.logger.child({ component: name });
  const formatError = createFormatError(logger, CONNECTOR_ERROR_KINDS);
  const apollo = new ApolloServer<SubgraphContext<TLoaders>>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: deps.production,
    introspection: !deps.production,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      createRequestLogPlugin("debug"),
    ],
  });
  await apollo.start();
  const contextOptions = {
    orm: deps.orm,
    logger,
    createLoaders,
    runtime: deps.runtime,
    ...(extra.context ? { extras: extra.context } : {}),
  };
  const context = createContextFactory({ ...contextOptions, internalSecret: deps.internalSecret });
  const contextFor = createIdentityContextFactory(contextOptions);
  const prefixRoutes = [...(extra.prefixRoutes ?? [])];
  if (extra.webhooks) {
    const route = createWebhookRoute({
      orm: deps.orm,
      runtime: deps.runtime,
      logger: logger.child({ component: "webhooks" }),
      webhooks: extra.webhooks,
    });
    prefixRoutes.push(["/webhooks/", route]);
  }
  const http = createServiceServer({
    logger,
    routes: { ...extra.routes, "/graphql": createApolloHandler(apollo, req => context(req)) },
    prefixRoutes,
    ready: async () => {
      await deps.orm.em.getConnection().execute("select 1");
      await extra.ready?.();
    },
  });
  const subscriptions = attachSubgraphSubscriptions({
    server: http.server,
    schema,
    internalSecret: deps.internalSecret,
    context: contextFor,
    logger,
    production: deps.production,
  });
  return {
    name,
    schema,
    http,
    contextFor,
    formatError,
    async stop() {
      await subscriptions.close();
      await extra.onStop?.();
      await http.close();
      await apollo.stop();
    },
  };
}
