import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createWebhookForward } from "../../gateway/webhook-forward.js";
import { SUBGRAPH_NAMES, type SubgraphName } from "../../platform/config.js";
import { createLogger } from "../../platform/logger.js";
import { ScriptedServer } from "../support/scripted-server.js";

/** The gateway's /webhooks/ forward reaches the subgraph that owns each provider's category. */
describe("webhook routing by category", () => {
  const subgraphs = {} as Record<SubgraphName, ScriptedServer>;
  let gateway: Server;
  let url = "";

  beforeAll(async () => {
    for (const name of SUBGRAPH_NAMES) {
      subgraphs[name] = await new ScriptedServer().start();
    }
    const urls = Object.fromEntries(
      SUBGRAPH_NAMES.map(name => [name, `${subgraphs[name].url}graphql`]),
    ) as Record<SubgraphName, string>;
    const forward = createWebhookForward(urls, createLogger({ level: "silent", service: "test" }));
    gateway = createServer((req, res) => void forward(req, res));
    await new Promise<void>(resolve => gateway.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    gateway.closeAllConnections();
    await new Promise(resolve => gateway.close(resolve));
    await Promise.all(Object.values(subgraphs).map(server => server.stop()));
  });

  it.each([
    ["twilio", "messaging"],
    ["instagram", "social"],
    ["google_ads", "ads"],
    ["shopify", "commerce"],
  ] as const)(
    "%s webhooks reach the %s subgraph, body and headers unchanged",
    async (provider, owner) => {
      const body = JSON.stringify({ signed: "exactly these bytes" });
      const answer = await fetch(`${url}/webhooks/${provider}/conn-1?x=1`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-signature": "sig" },
        body,
      });
      await answer.arrayBuffer();
      const hits = SUBGRAPH_NAMES.filter(name =>
        subgraphs[name].seen.some(r => r.url.includes(provider)),
      );
      expect(hits).toEqual([owner]);
      const seen = subgraphs[owner].seen.find(r => r.url.includes(provider))!;
      expect(seen).toMatchObject({ url: `/webhooks/${provider}/conn-1?x=1`, body });
      expect(seen.headers["x-signature"]).toBe("sig");
    },
  );

  it("answers a provider the catalog does not know itself, bothering no subgraph", async () => {
    const before = SUBGRAPH_NAMES.map(name => subgraphs[name].seen.length);
    const answer = await fetch(`${url}/webhooks/nope`, { method: "POST", body: "{}" });
    expect(answer.status).toBe(404);
    expect(await answer.text()).toBe("unknown provider");
    expect(SUBGRAPH_NAMES.map(name => subgraphs[name].seen.length)).toEqual(before);
  });
});
