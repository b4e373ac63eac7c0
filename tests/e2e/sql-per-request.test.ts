import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { makeCampaigns, makeWorkspace } from "../support/factories.js";
import { startTestStack, type TestStack } from "../support/test-stack.js";

const DASHBOARD = `query($first: Int!) {
  campaigns(first: $first) {
    id name workspace { name } messageCount postCount adCampaignCount adSpend { amountMicros }
    orderCount attributedRevenue { amountMicros }
  }
  executions(first: $first) { id campaign { name } agent { name } }
}`;

describe("SQL statements per dashboard request do not grow with the list", () => {
  let t: TestStack;
  let token: string;

  beforeAll(async () => {
    // No workers: their periodic tasks (the stale-message sweep) would count in the window.
    t = await startTestStack({ worker: false });
    const workspaceId = (await makeWorkspace(t.orm)).id;
    await makeCampaigns(t.orm, workspaceId, 1_000);
    token = await t.tokenFor(workspaceId);
  });
  afterAll(() => t.stop());

  async function statementsFor(first: number) {
    t.queries.reset();
    const result = await t.query<{ campaigns: unknown[] }>(token, DASHBOARD, { first });
    expect(result.errors).toBeUndefined();
    expect(result.data?.campaigns).toHaveLength(first);
    return t.queries.count;
  }

  it("costs the same number of statements for 10, 100 and 1,000 campaigns", async () => {
    const counts = [await statementsFor(10), await statementsFor(100), await statementsFor(1_000)];
    expect(new Set(counts).size).toBe(1);
    // campaigns, executions, workspace, campaigns by id (execution.campaign), and one grouped
    // statement per connector field: messages, posts, ad campaigns, spend, orders, revenue.
    expect(counts[0]).toBeLessThanOrEqual(10);
  });
});
