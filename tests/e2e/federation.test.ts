import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { makeCampaigns, makeWorkspace } from "../support/factories.js";
import { startTestStack, type TestStack } from "../support/test-stack.js";

const OVERVIEW = /* GraphQL */ `
  query Overview {
    workspace {
      id
      name
    }
    campaigns {
      id
      name
      budget {
        amountMicros
        currency
      }
      messageCount
      postCount
      adCampaignCount
      adSpend {
        amountMicros
        currency
      }
      orderCount
      attributedRevenue {
        amountMicros
        currency
      }
    }
  }
`;

describe("a query spanning all five subgraphs through the gateway over HTTP", () => {
  let t: TestStack;
  let workspaceId: string;
  let token: string;

  beforeAll(async () => {
    t = await startTestStack();
    workspaceId = (await makeWorkspace(t.orm, "Acme")).id;
    await makeCampaigns(t.orm, workspaceId, 3);
    token = await t.tokenFor(workspaceId);
  });
  afterAll(() => t.stop());

  it("joins orchestration's campaigns with messaging, social, ads and commerce fields", async () => {
    const result = await t.query<{ workspace: { id: string; name: string }; campaigns: unknown[] }>(
      token,
      OVERVIEW,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.workspace).toEqual({ id: workspaceId, name: "Acme" });
    expect(result.data?.campaigns).toHaveLength(3);
    for (const campaign of result.data!.campaigns) {
      expect(campaign).toMatchObject({
        budget: { amountMicros: 1_000_000_000, currency: "USD" },
        messageCount: 1,
        postCount: 1,
        adCampaignCount: 1,
        adSpend: [{ amountMicros: 2_500_000, currency: "USD" }],
        orderCount: 1,
        attributedRevenue: [{ amountMicros: 42_000_000, currency: "EUR" }],
      });
    }
  });

  it("resolves entity references from connector subgraphs back to orchestration", async () => {
    const result = await t.query<{
      messages: Array<{ campaign: { name: string; postCount: number } }>;
    }>(token, `{ messages(first: 2) { recipient campaign { name postCount } } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data?.messages).toHaveLength(2);
    expect(result.data?.messages[0]?.campaign).toEqual({ name: expect.any(String), postCount: 1 });
  });

  it("pages campaigns newest first with keyset cursors", async () => {
    const first = await t.query<{ campaigns: Array<{ id: string }> }>(
      token,
      `{ campaigns(first: 2) { id } }`,
    );
    const ids = first.data!.campaigns.map(c => c.id);
    const rest = await t.query<{ campaigns: Array<{ id: string }> }>(
      token,
      `query($after: ID) { campaigns(first: 2, after: $after) { id } }`,
      { after: ids[1] },
    );
    const all = [...ids, ...rest.data!.campaigns.map(c => c.id)];
    expect(all).toHaveLength(3);
    expect(new Set(all).size).toBe(3);
    expect([...all].sort().reverse()).toEqual(all);
  });
});
