import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { SignJWT } from "jose";
import { INTERNAL_HEADER, signInternalToken } from "../../platform/auth/internal-token.js";
import { mintUserToken } from "../../platform/auth/user-token.js";
import { SUBGRAPH_NAMES } from "../../platform/config.js";
import { makeWorkspace } from "../support/factories.js";
import { postGraphQL, startTestStack, type TestStack } from "../support/test-stack.js";

describe("authentication", () => {
  let t: TestStack;
  let workspaceId: string;

  beforeAll(async () => {
    t = await startTestStack();
    workspaceId = (await makeWorkspace(t.orm)).id;
  });
  afterAll(() => t.stop());

  it("refuses a request without a token with UNAUTHENTICATED and HTTP 401", async () => {
    const result = await t.query(undefined, "{ campaigns { id } }");
    expect(result.status).toBe(401);
    expect(result.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("refuses an expired token", async () => {
    const expired = await mintUserToken(t.config.auth.jwtSecret, {
      userId: "u",
      workspaceId,
      expiresIn: -60,
    });
    const result = await t.query(expired, "{ campaigns { id } }");
    expect(result.status).toBe(401);
    expect(result.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("refuses a token signed with another secret, or without a workspace", async () => {
    const forged = await mintUserToken("x".repeat(40), { userId: "u", workspaceId });
    const noWorkspace = await new SignJWT({ role: "OWNER" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("u")
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode(t.config.auth.jwtSecret));
    for (const token of [forged, noWorkspace, "not-a-jwt"]) {
      const result = await t.query(token, "{ campaigns { id } }");
      expect(result.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    }
  });

  it("lets a VIEWER read but not write", async () => {
    const viewer = await t.tokenFor(workspaceId, "VIEWER");
    expect((await t.query(viewer, "{ campaigns { id } }")).errors).toBeUndefined();
    const write = await t.query(
      viewer,
      `mutation { createCampaign(input: { name: "x", objective: SALES, budget: { amountMicros: 1, currency: "USD" } }) { id } }`,
    );
    expect(write.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  describe("a subgraph called directly, around the gateway", () => {
    it.each(SUBGRAPH_NAMES)("%s refuses a call without the gateway's credentials", async name => {
      const result = await postGraphQL(t.stack.subgraphUrls[name], { query: "{ __typename }" });
      expect(result.status).toBe(401);
      expect(result.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    });

    it("refuses credentials signed with another secret, even with a valid user token", async () => {
      const forged = signInternalToken("y".repeat(40), {
        viewer: { userId: "u", workspaceId, role: "OWNER" },
        requestId: "forged",
      });
      const result = await postGraphQL(
        t.stack.subgraphUrls.orchestration,
        { query: "{ campaigns { id } }" },
        { [INTERNAL_HEADER]: forged, authorization: `Bearer ${await t.tokenFor(workspaceId)}` },
      );
      expect(result.status).toBe(401);
      expect(result.data ?? null).toBeNull();
    });
  });
});
