import { ApolloServer } from "@apollo/server";
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from "@apollo/server/plugin/disabled";
import type { EntityManager } from "@mikro-orm/postgresql";
import type { GraphQLSchema } from "graphql";
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
import type { ConnectorRuntime } from "./connections/connector-runtime.js";
import { createContextFactory, type SubgraphContext } from "./context.js";

export interface SubgraphDependencies {
  orm: Orm;
  internalSecret: string;
  logger: Logger;
  production: boolean;
  runtime: ConnectorRuntime;
}

/** HTTP routes a subgraph serves besides /graphql (webhooks, OAuth callbacks). */
export interface ExtraRoutes {
  routes?: Record<string, RouteHandler>;
  prefixRoutes?: Array<[prefix: string, handler: RouteHandler]>;
}

export interface SubgraphService {
  name: SubgraphName;
  schema: GraphQLSchema;
  http: ServiceServer;
  stop(): Promise<void>;
}

/** Wraps a subgraph schema in Apollo Server behind node:http, with probes and error masking. */
export async function createSubgraphService<TLoaders>(
  name: SubgraphName,
  schema: GraphQLSchema,
  createLoaders: (em: EntityManager, viewer: Viewer) => TLoaders,
  deps: SubgraphDependencies,
  extra: ExtraRoutes = {},
): Promise<SubgraphService> {
  const logger = deps.logger.child({ component: name });
  const apollo = new ApolloServer<SubgraphContext<TLoaders>>({
    schema,
    formatError: createFormatError(logger),
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
  const context = createContextFactory({
    orm: deps.orm,
    internalSecret: deps.internalSecret,
    logger,
    createLoaders,
    runtime: deps.runtime,
  });
  const http = createServiceServer({
    logger,
    routes: { ...extra.routes, "/graphql": createApolloHandler(apollo, req => context(req)) },
    ...(extra.prefixRoutes ? { prefixRoutes: extra.prefixRoutes } : {}),
    ready: async () => {
      await deps.orm.em.getConnection().execute("select 1");
    },
  });
  return {
    name,
    schema,
    http,
    async stop() {
      await http.close();
      await apollo.stop();
    },
  };
}
