import { randomUUID } from "node:crypto";
import { describe, expect, it } from "@jest/globals";
import { toWebSocketUrl } from "../../gateway/subscriptions/upstream-connections.js";
import { INTERNAL_HEADER, signInternalToken } from "../../platform/auth/internal-token.js";
import { mintUserToken } from "../../platform/auth/user-token.js";
import { closeCode, connect, errorsOf, run, TICKS } from "../support/subscription-client.js";
import { useSubscriptionGateway } from "../support/subscription-gateway.js";
import { tickerProbe } from "../support/subscription-subgraphs.js";
import { startTestStack } from "../support/test-stack.js";

// Only a signed-in user reaches the gateway's socket, and only the gateway reaches a subgraph's.
describe("federated subscriptions over graphql-ws", () => {
  const { workspaceId, subgraphs, url, token } = useSubscriptionGateway();

  it("closes with 4401 before anything runs when the token is missing or invalid", async () => {
    const forged = await mintUserToken("x".repeat(40), { userId: "u", workspaceId: workspaceId() });
    const started = tickerProbe.started;
    for (const params of [
      undefined,
      { authorization: "" },
      { authorization: token() },
      { authorization: "Bearer not-a-jwt" },
      { authorization: `Bearer ${forged}` },
    ]) {
      const client = connect(url(), params);
      const outcome = await run(client, TICKS, { from: 0, count: 1 });
      expect(closeCode(outcome)).toBe(4401);
      expect(outcome.results).toEqual([]);
      await client.dispose();
    }
    expect(tickerProbe.started).toBe(started);
  });

  it("refuses a subgraph's websocket without the gateway's credentials", async () => {
    const direct = toWebSocketUrl(subgraphs().ticker.url);
    const forged = signInternalToken("y".repeat(40), {
      viewer: { userId: "u", workspaceId: workspaceId(), role: "OWNER" },
      requestId: "forged-request",
    });
    const started = tickerProbe.started;
    for (const params of [
      undefined,
      { authorization: `Bearer ${token()}` },
      { [INTERNAL_HEADER]: forged },
    ]) {
      const client = connect(direct, params);
      const outcome = await run(client, TICKS, { from: 0, count: 1 });
      expect(closeCode(outcome)).toBe(4403);
      await client.dispose();
    }
    expect(tickerProbe.started).toBe(started);
  });
});

describe("the local stack's gateway", () => {
  it("serves graphql-ws on /graphql, authenticated like HTTP", async () => {
    const t = await startTestStack();
    try {
      const url = t.stack.gatewayUrl.replace(/^http/, "ws");
      const anonymous = connect(url);
      expect(closeCode(await run(anonymous, "subscription { x }"))).toBe(4401);
      await anonymous.dispose();
      const client = connect(url, { authorization: `Bearer ${await t.tokenFor(randomUUID())}` });
      const outcome = await run(client, "subscription { x }");
      expect(errorsOf(outcome)[0]?.extensions).toEqual({ code: "GRAPHQL_VALIDATION_FAILED" });
      await client.dispose();
    } finally {
      await t.stop();
    }
  });
});
