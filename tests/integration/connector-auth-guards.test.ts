import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { OAuthState } from "../../orm/entities/index.js";
import { consent } from "../support/connections.js";
import { makeWorkspace } from "../support/factories.js";
import { startTestStack, type TestStack } from "../support/test-stack.js";

// The connector auth flow's refusals: a consent's state is single use, bound to its workspace,
// its redirect URI and its lifetime; a denied consent cancels; a VIEWER may not connect.
describe("connector auth flow", () => {
  let t: TestStack;
  let workspaceA: string;
  let tokenA: string;
  let tokenB: string;

  beforeAll(async () => {
    t = await startTestStack();
    workspaceA = (await makeWorkspace(t.orm, "A")).id;
    tokenA = await t.tokenFor(workspaceA);
    tokenB = await t.tokenFor((await makeWorkspace(t.orm, "B")).id);
  });
  afterAll(() => t.stop());

  it("completeConnection: a state works once, only in its workspace, and only with its redirect URI", async () => {
    const complete = (token: string, input: Record<string, string>) =>
      t.query(
        token,
        `mutation($i: CompleteConnectionInput!) { completeConnection(input: $i) { id provider } }`,
        {
          i: input,
        },
      );
    const first = await consent(t, tokenA, "gmail");
    const stolen = await complete(tokenB, { state: first.state, code: first.code });
    expect(stolen.errors?.[0]?.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "state",
    });
    const done = await complete(tokenA, { state: first.state, code: first.code });
    expect(done.data).toMatchObject({ completeConnection: { provider: "gmail" } });
    const replay = await complete(tokenA, { state: first.state, code: first.code });
    expect(replay.errors?.[0]?.message).toMatch(/unknown or was already used/);

    const second = await consent(t, tokenA, "gmail");
    const elsewhere = await complete(tokenA, {
      state: second.state,
      code: second.code,
      redirectUri: "https://evil.example/cb",
    });
    expect(elsewhere.errors?.[0]?.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "redirectUri",
    });
  });

  it("refuses an expired state, an unregistered redirect URI and a denied consent", async () => {
    const late = await consent(t, tokenA, "gmail");
    await t.orm.em
      .getConnection()
      .execute(`update oauth_state set expires_at = now() - interval '1 minute'`);
    const expired = await t.query(
      tokenA,
      `mutation($i: CompleteConnectionInput!) { completeConnection(input: $i) { id } }`,
      { i: { state: late.state, code: late.code } },
    );
    expect(expired.errors?.[0]?.message).toMatch(/has expired/);

    const before = await t.orm.em.fork().count(OAuthState, {});
    const redirect = await t.query(
      tokenA,
      `mutation { beginConnection(input: { provider: "slack", redirectUri: "https://evil.example/cb" }) { state } }`,
    );
    expect(redirect.errors?.[0]?.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "redirectUri",
    });
    expect(await t.orm.em.fork().count(OAuthState, {})).toBe(before);

    const denied = await consent(t, tokenA, "slack", { deny: "1" });
    expect(denied.callback.searchParams.get("error")).toBe("access_denied");
    const page = await fetch(denied.callback);
    expect(page.status).toBe(400);
    expect(await page.text()).toContain("Connection cancelled");
  });

  it("a VIEWER may read connections but not connect", async () => {
    const viewer = await t.tokenFor(workspaceA, "VIEWER");
    const result = await t.query(
      viewer,
      `mutation { beginConnection(input: { provider: "slack" }) { state } }`,
    );
    expect(result.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });
});
