import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { SUBGRAPH_NAMES } from "../../platform/config.js";
import { makeCampaigns, makeWorkspace } from "../support/factories.js";
import { captureLogs } from "../support/log-capture.js";
import { startTestStack, type TestStack } from "../support/test-stack.js";

describe("observability", () => {
  const { entries: lines, logger } = captureLogs(
    line => JSON.parse(line) as Record<string, unknown>,
  );
  let t: TestStack;
  let token: string;

  beforeAll(async () => {
    t = await startTestStack({ logger });
    const workspaceId = (await makeWorkspace(t.orm)).id;
    await makeCampaigns(t.orm, workspaceId, 1);
    token = await t.tokenFor(workspaceId);
  });
  afterAll(() => t.stop());

  it("every service answers /healthz and /readyz", async () => {
    const origins = [t.stack.gatewayUrl, ...SUBGRAPH_NAMES.map(name => t.stack.subgraphUrls[name])];
    for (const url of origins) {
      for (const probe of ["/healthz", "/readyz"]) {
        const response = await fetch(new URL(probe, url));
        expect({ url, probe, status: response.status }).toEqual({ url, probe, status: 200 });
      }
    }
  });

  it("logs JSON lines carrying the request id the gateway forwards to each subgraph it calls", async () => {
    const requestId = "req-observability-0001";
    const response = await fetch(t.stack.gatewayUrl, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${token}`,
        "x-request-id": requestId,
      },
      body: JSON.stringify({
        query: "query Overview { campaigns { name messageCount postCount } }",
      }),
    });
    expect(response.headers.get("x-request-id")).toBe(requestId);
    const tagged = lines.filter(line => line.requestId === requestId);
    const services = new Set(tagged.map(line => line.component));
    expect(services).toEqual(new Set(["gateway", "orchestration", "messaging", "social"]));
    expect(tagged.find(line => line.component === "gateway")).toMatchObject({
      operationName: "Overview",
      status: 200,
    });
    expect(JSON.stringify(lines)).not.toContain(token);
  });

  it("makes a request id when the client sends none", async () => {
    const result = await t.query(token, "{ workspace { id } }");
    expect(result.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("masks an internal failure for the client and logs it in full", async () => {
    await t.orm.em.getConnection().execute("alter table campaign rename to campaign_gone");
    try {
      const result = await t.query(token, "{ campaigns { id } }");
      expect(result.errors?.[0]).toMatchObject({
        message: "Internal server error",
        extensions: { code: "INTERNAL_SERVER_ERROR" },
      });
      expect(JSON.stringify(result)).not.toMatch(/campaign_gone|relation|select|stack/i);
      const logged = lines.find(
        line => line.msg === "internal error" && JSON.stringify(line.err).includes("campaign"),
      );
      expect(logged).toBeDefined();
    } finally {
      await t.orm.em.getConnection().execute("alter table campaign_gone rename to campaign");
    }
  });
});
