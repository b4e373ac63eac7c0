import { createConnectorRuntime } from "../../app/connector-runtime.js";
import { startExecutionEngine } from "../../app/execution-engine.js";
import { createGateway, type Gateway } from "../../gateway/server.js";
import { loadConfig, SUBGRAPH_NAMES, type SubgraphName } from "../../platform/config.js";
import { createLogger, type Logger } from "../../platform/logger.js";
import { readSupergraphSdl } from "../../schema/files.js";
import { SUBGRAPHS } from "../../subgraphs/registry.js";
import type { SubgraphService } from "../../subgraphs/shared/create-subgraph-service.js";
import type { GraphQLResponse } from "../../testing/graphql.js";
import { InProcessDataSource } from "./in-process-data-source.js";
import { createTestOrm } from "./test-database.js";
import { testTokenFor, type TestGraph } from "./test-stack.js";

export interface TestSupergraph extends TestGraph {
  gateway: Gateway;
  subgraphs: Record<SubgraphName, SubgraphService>;
}

/**
 * The federated graph for a test file that needs no HTTP: a database of its own, the five
 * subgraphs and the gateway in this process, nothing listening. The gateway plans each query as
 * usual and runs every subgraph's part in process (InProcessDataSource); queries go through the
 * gateway's /graphql route without a socket, so auth from the bearer token, validation rules and
 * error formatting are those of HTTP. No provider sandboxes and no execution workers: tests that
 * need webhooks, OAuth callbacks or executions calling the gateway use startTestStack.
 */
export async function startTestSupergraph(
  options: { env?: Record<string, string>; logger?: Logger } = {},
): Promise<TestSupergraph> {
  const database = await createTestOrm();
  const config = loadConfig({ NODE_ENV: "test", ...options.env });
  const logger = options.logger ?? createLogger({ service: "test", level: "silent" });
  const { orm } = database;
  const publicUrl = () => config.publicUrl;
  const runtime = await createConnectorRuntime({ config, orm, logger, publicUrl });
  const databaseUrl = String(orm.config.get("clientUrl"));
  // Orchestration needs the engine to queue executions; this process never works them.
  const executions = await startExecutionEngine({ config, orm, databaseUrl, logger, runtime });
  const supergraphSdl = await readSupergraphSdl();
  const deps = {
    orm,
    internalSecret: config.auth.internalSecret,
    logger,
    production: config.env === "production",
    runtime,
    executions,
    databaseUrl,
    supergraphSdl,
  };
  const subgraphs = {} as Record<SubgraphName, SubgraphService>;
  const subgraphUrls = {} as Record<SubgraphName, string>;
  for (const name of SUBGRAPH_NAMES) {
    subgraphs[name] = await SUBGRAPHS[name].create(deps);
    // Never called: every subgraph runs in process.
    subgraphUrls[name] = `http://in-process.invalid/${name}/graphql`;
  }
  const gateway = await createGateway({
    supergraphSdl,
    subgraphUrls,
    auth: config.auth,
    logger,
    production: deps.production,
    dataSourceFor: name => new InProcessDataSource(subgraphs[name]),
  });
  return {
    ...database,
    config,
    gateway,
    subgraphs,
    tokenFor: testTokenFor(config),
    async query<T>(token: string | undefined, query: string, variables?: Record<string, unknown>) {
      const response = await gateway.post(
        {
          "content-type": "application/json",
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        JSON.stringify({ query, variables }),
      );
      const json = JSON.parse(response.body) as Omit<GraphQLResponse<T>, "status" | "headers">;
      return { status: response.status, headers: new Headers(response.headers), ...json };
    },
    async stop() {
      await gateway.stop();
      await executions.stop();
      await Promise.all(Object.values(subgraphs).map(service => service.stop()));
      await database.close();
    },
  };
}
