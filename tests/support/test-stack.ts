import { startLocalStack, type LocalStack } from "../../app/local-stack.js";
import { mintUserToken } from "../../platform/auth/user-token.js";
import type { Role } from "../../platform/auth/viewer.js";
import { loadConfig, type CrosscastConfig } from "../../platform/config.js";
import { createLogger, type Logger } from "../../platform/logger.js";
import { readSupergraphSdl } from "../../schema/files.js";
import { postGraphQL, type GraphQLResponse } from "../../testing/graphql.js";
import { createTestOrm, type TestOrm } from "./test-database.js";

export { postGraphQL, type GraphQLResponse };

/** A federated graph a test file queries as a dashboard would, over a database of its own. */
export interface TestGraph extends TestOrm {
  config: CrosscastConfig;
  tokenFor(workspaceId: string, role?: Role): Promise<string>;
  query<T = Record<string, unknown>>(
    token: string | undefined,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphQLResponse<T>>;
  stop(): Promise<void>;
}

export interface TestStack extends TestGraph {
  stack: LocalStack;
}

/** A user token for a workspace, signed as the dashboard's identity provider would. */
export function testTokenFor(config: CrosscastConfig) {
  return (workspaceId: string, role: Role = "OWNER") =>
    mintUserToken(config.auth.jwtSecret, { userId: `user-of-${workspaceId}`, workspaceId, role });
}

/**
 * The whole federated stack for one test file: a database of its own, the five subgraphs and the
 * gateway on ephemeral ports, talking real HTTP. Queries go through the gateway with `fetch`.
 */
export async function startTestStack(
  options: {
    env?: Record<string, string>;
    logger?: Logger;
    sandboxStatusDelayMs?: number;
    /** Run execution workers in the test process (default true). */
    worker?: boolean;
  } = {},
): Promise<TestStack> {
  const database = await createTestOrm();
  const config = loadConfig({ NODE_ENV: "test", ...options.env });
  const stack = await startLocalStack({
    orm: database.orm,
    config,
    logger: options.logger ?? createLogger({ service: "test", level: "silent" }),
    supergraphSdl: await readSupergraphSdl(),
    ephemeralPorts: true,
    ...(options.worker === false ? { worker: false } : {}),
    ...(options.sandboxStatusDelayMs !== undefined
      ? { sandboxStatusDelayMs: options.sandboxStatusDelayMs }
      : {}),
  });
  return {
    ...database,
    stack,
    config,
    tokenFor: testTokenFor(config),
    query: (token, query, variables) =>
      postGraphQL(
        stack.gatewayUrl,
        { query, variables },
        token ? { authorization: `Bearer ${token}` } : {},
      ),
    async stop() {
      await stack.stop();
      await database.close();
    },
  };
}
