import { startLocalStack } from "../../app/local-stack.js";
import { initOrm } from "../../orm/config.js";
import { QueryCounter } from "../../testing/query-counter.js";
import { mintUserToken } from "../../platform/auth/user-token.js";
import { loadConfig } from "../../platform/config.js";
import { createLogger } from "../../platform/logger.js";
import { readSupergraphSdl } from "../../schema/files.js";
import { SECRETS } from "../support/distributed.js";

const DASHBOARD = `query($first: Int!) {
  campaigns(first: $first) {
    id name messageCount postCount adCampaignCount adSpend { amountMicros }
    orderCount attributedRevenue { amountMicros }
  }
  executions(first: $first) { id status campaign { name } }
}`;

/** SQL statements one dashboard request costs, at 10, 100 and 1,000 listed campaigns. */
export async function measureSqlPerRequest(databaseUrl: string, workspaceId: string) {
  const counter = new QueryCounter();
  const orm = await initOrm({ databaseUrl, queryLogger: counter, poolSize: 10 });
  const config = loadConfig({ ...SECRETS, NODE_ENV: "test", LOG_LEVEL: "silent" });
  const stack = await startLocalStack({
    orm,
    config,
    logger: createLogger({ service: "bench", level: "silent" }),
    supergraphSdl: await readSupergraphSdl(),
    ephemeralPorts: true,
    worker: false,
  });
  const token = await mintUserToken(config.auth.jwtSecret, { userId: "bench", workspaceId });
  const counts: Array<{ items: number; statements: number }> = [];
  try {
    for (const first of [10, 100, 1_000]) {
      counter.reset();
      const response = await fetch(stack.gatewayUrl, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: DASHBOARD, variables: { first } }),
      });
      const body = (await response.json()) as { data?: { campaigns: unknown[] }; errors?: unknown };
      if (body.errors || body.data?.campaigns.length !== first) {
        throw new Error(`the dashboard query failed: ${JSON.stringify(body.errors)}`);
      }
      counts.push({ items: first, statements: counter.count });
    }
  } finally {
    await stack.stop();
    await orm.close(true);
  }
  return counts;
}
