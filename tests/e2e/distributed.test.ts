import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { initOrm } from "../../orm/config.js";
import { mintUserToken } from "../../platform/auth/user-token.js";
import { SUBGRAPH_NAMES } from "../../platform/config.js";
import { makeCampaigns, makeWorkspace } from "../support/factories.js";
import { freePort, runNode, type RunningProcess } from "../../testing/processes.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";
import { postGraphQL } from "../support/test-stack.js";

/**
 * The distributed deployment without docker: the migration job, each subgraph and the gateway
 * as separate processes, configured only through the environment, as docker-compose runs them.
 */
describe("distributed: every service a process of its own", () => {
  let database: TestDatabase;
  const processes: RunningProcess[] = [];
  const env: Record<string, string> = {
    NODE_ENV: "production",
    LOG_LEVEL: "info",
    JWT_SECRET: "j".repeat(40),
    INTERNAL_JWT_SECRET: "i".repeat(40),
    VAULT_KEYS: `k1:${Buffer.alloc(32, 7).toString("base64")}`,
  };

  beforeAll(async () => {
    database = await createTestDatabase({ empty: true });
    env.DATABASE_URL = database.url;
    const migrate = runNode("dist/scripts/migrate.js", [], env);
    expect(await migrate.exited()).toBe(0);
    for (const name of SUBGRAPH_NAMES) {
      const port = await freePort();
      env[`${name.toUpperCase()}_PORT`] = String(port);
      env[`${name.toUpperCase()}_URL`] = `http://127.0.0.1:${port}/graphql`;
      processes.push(runNode("dist/scripts/start-subgraph.js", [name], env));
    }
    env.GATEWAY_PORT = String(await freePort());
    processes.push(runNode("dist/scripts/start-gateway.js", [], env));
    await Promise.all(processes.map(p => p.waitFor(/"msg":"[a-z]+ (subgraph )?ready"/)));
  }, 60_000);

  afterAll(async () => {
    await Promise.all(processes.map(p => p.stop()));
    await database.drop();
  });

  it("answers a cross-subgraph query through the gateway process", async () => {
    const orm = await initOrm({ databaseUrl: database.url });
    const workspaceId = (await makeWorkspace(orm)).id;
    await makeCampaigns(orm, workspaceId, 2);
    await orm.close(true);
    const token = await mintUserToken(env.JWT_SECRET!, { userId: "u", workspaceId });
    const result = await postGraphQL<{ campaigns: unknown[] }>(
      `http://127.0.0.1:${env.GATEWAY_PORT}/graphql`,
      { query: "{ campaigns { name messageCount postCount adCampaignCount orderCount } }" },
      { authorization: `Bearer ${token}` },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.campaigns).toEqual([
      expect.objectContaining({ messageCount: 1, postCount: 1, adCampaignCount: 1, orderCount: 1 }),
      expect.objectContaining({ messageCount: 1, postCount: 1, adCampaignCount: 1, orderCount: 1 }),
    ]);
  });

  it("the gateway is ready only while every subgraph is up", async () => {
    const readyz = `http://127.0.0.1:${env.GATEWAY_PORT}/readyz`;
    expect((await fetch(readyz)).status).toBe(200);
    await processes[0]!.stop();
    expect((await fetch(readyz)).status).toBe(503);
  });

  it("writes JSON log lines", () => {
    const gatewayLines = processes.at(-1)!.output().trim().split("\n");
    for (const line of gatewayLines) {
      expect(() => JSON.parse(line) as unknown).not.toThrow();
    }
  });
});
