import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { INTERNAL_HEADER, signInternalToken } from "../../platform/auth/internal-token.js";
import { makeCampaigns, makeWorkspace } from "../support/factories.js";
import { postGraphQL, startTestStack, type TestStack } from "../support/test-stack.js";

describe("workspace isolation", () => {
  let t: TestStack;
  let campaignOfA: string;
  let workspaceB: string;
  let tokenB: string;

  beforeAll(async () => {
    t = await startTestStack();
    const a = await makeWorkspace(t.orm, "A");
    const b = await makeWorkspace(t.orm, "B");
    workspaceB = b.id;
    campaignOfA = (await makeCampaigns(t.orm, a.id, 2))[0]!.id;
    await makeCampaigns(t.orm, b.id, 1);
    tokenB = await t.tokenFor(b.id);
  });
  afterAll(() => t.stop());

  it("B reading A's campaign by id gets null", async () => {
    const result = await t.query(tokenB, `query($id: ID!) { campaign(id: $id) { id name } }`, {
      id: campaignOfA,
    });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ campaign: null });
  });

  it("B's lists hold only B's rows", async () => {
    const result = await t.query<Record<string, Array<{ id: string }>>>(
      tokenB,
      `{ campaigns { id } messages { id } posts { id } adCampaigns { id } orders { id } executions { id } }`,
    );
    expect(result.errors).toBeUndefined();
    for (const list of Object.values(result.data!)) {
      expect(list).toHaveLength(1);
    }
    expect(result.data!.campaigns!.map(c => c.id)).not.toContain(campaignOfA);
  });

  it("B cannot update A's campaign, and A's campaign is unchanged", async () => {
    const result = await t.query(
      tokenB,
      `mutation($id: ID!) { updateCampaign(id: $id, input: { name: "hijacked" }) { id } }`,
      { id: campaignOfA },
    );
    expect(result.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    const em = t.orm.em.fork();
    const row = await em
      .getConnection()
      .execute("select name from campaign where id = ?", [campaignOfA]);
    expect(row[0]?.name).not.toBe("hijacked");
  });

  describe("through _entities, with the gateway's credentials for workspace B", () => {
    const representations = (id: string) => ({
      query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Campaign { id } } }`,
      variables: { r: [{ __typename: "Campaign", id }] },
    });
    const asB = () => ({
      [INTERNAL_HEADER]: signInternalToken(t.config.auth.internalSecret, {
        viewer: { userId: "user-b", workspaceId: workspaceB, role: "OWNER" },
        requestId: "tenancy-test",
      }),
    });

    it("the owning subgraph resolves A's campaign to null", async () => {
      const result = await postGraphQL(
        t.stack.subgraphUrls.orchestration,
        representations(campaignOfA),
        asB(),
      );
      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual({ _entities: [null] });
    });

    it("connector subgraphs reveal nothing of A's campaign", async () => {
      const body = {
        query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Campaign { messageCount } } }`,
        variables: { r: [{ __typename: "Campaign", id: campaignOfA }] },
      };
      const result = await postGraphQL(t.stack.subgraphUrls.messaging, body, asB());
      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual({ _entities: [{ messageCount: 0 }] });
    });
  });
});
