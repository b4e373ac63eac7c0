import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { SignJWT } from "jose";
import { mintServiceToken } from "../../platform/auth/service-token.js";
import { makeCampaigns, makeWorkspace } from "../support/factories.js";
import { startTestStack, type TestStack } from "../support/test-stack.js";

// Steps call the supergraph through the gateway with a service credential: it acts for the
// execution's workspace and nothing else, and only the internal secret can make one.
describe("an execution's service credential", () => {
  let t: TestStack;
  let workspaceA: string;
  let campaignOfB: string;
  const listAndPeek = `query($id: ID!) { campaigns(first: 100) { id } campaign(id: $id) { id } }`;
  const serviceToken = (workspaceId: string, secret = t.config.auth.internalSecret) =>
    mintServiceToken(secret, {
      workspaceId,
      executionId: "0193a000-0000-7000-8000-0000000000e1",
      dryRun: false,
    });

  beforeAll(async () => {
    t = await startTestStack({ worker: false });
    workspaceA = (await makeWorkspace(t.orm, "A")).id;
    const workspaceB = (await makeWorkspace(t.orm, "B")).id;
    await makeCampaigns(t.orm, workspaceA, 3);
    campaignOfB = (await makeCampaigns(t.orm, workspaceB, 2))[0]!.id;
  });
  afterAll(() => t.stop());

  it("reads its own workspace and nothing of another's", async () => {
    const result = await t.query<{ campaigns: Array<{ id: string }>; campaign: unknown }>(
      await serviceToken(workspaceA),
      listAndPeek,
      { id: campaignOfB },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.campaigns).toHaveLength(3);
    expect(result.data!.campaign).toBeNull();
  });

  it("acts as a MEMBER: it may write in its workspace", async () => {
    const result = await t.query<{ createCampaign: { id: string } }>(
      await serviceToken(workspaceA),
      `mutation { createCampaign(input: { name: "From a step", objective: AWARENESS,
        budget: { amountMicros: 1000000, currency: "USD" } }) { id } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.createCampaign.id).toBeTruthy();
  });

  it("is refused when signed with the users' secret rather than the internal one", async () => {
    const forged = await serviceToken(workspaceA, t.config.auth.jwtSecret);
    const result = await t.query(forged, listAndPeek, { id: campaignOfB });
    expect(result.status).toBe(401);
    expect(result.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("is refused once expired, or when it names no workspace", async () => {
    const expired = await mintServiceToken(
      t.config.auth.internalSecret,
      { workspaceId: workspaceA, executionId: "e", dryRun: false },
      Math.floor(Date.now() / 1000) - 60,
    );
    const nameless = await new SignJWT({ role: "OWNER" })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setIssuer("crosscast-worker")
      .setAudience("crosscast-service")
      .setExpirationTime("5m")
      .sign(new TextEncoder().encode(t.config.auth.internalSecret));
    for (const token of [expired, nameless]) {
      const result = await t.query(token, listAndPeek, { id: campaignOfB });
      expect(result.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    }
  });
});
