import { startLocalStack, type LocalStack } from "../../app/local-stack.js";
import { mintUserToken } from "../../platform/auth/user-token.js";
import type { Role } from "../../platform/auth/viewer.js";
import { loadConfig, type CrosscastConfig } from "../../platform/config.js";
import { createLogger, type Logger } from "../../platform/logger.js";
import { readSupergraphSdl } from "../../schema/files.js";
import { createTestOrm, type TestOrm } from "./test-database.js";

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  data?: T | null;
  errors?: Array<{ message: string; path?: unknown[]; extensions?: Record<string, unknown> }>;
}

export interface TestStack extends TestOrm {
  stack: LocalStack;
  config: CrosscastConfig;
  tokenFor(workspaceId: string, role?: Role): Promise<string>;
  query<T = Record<string, unknown>>(
    token: string | undefined,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphQLResponse<T>>;
  stop(): Promise<void>;
}

export async function postGraphQL<T>(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const json = (await response.json()) as Omit<GraphQLResponse<T>, "status" | "headers">;
  return { status: response.status, headers: response.headers, ...json };
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
    tokenFor: (workspaceId, role = "OWNER") =>
      mintUserToken(config.auth.jwtSecret, { userId: `user-of-${workspaceId}`, workspaceId, role }),
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
