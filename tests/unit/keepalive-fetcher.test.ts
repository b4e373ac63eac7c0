import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createKeepAliveFetcher } from "../../platform/http/keepalive-fetcher.js";
import { ScriptedServer } from "../support/scripted-server.js";

// The gateway's HTTP client to subgraphs, against a loopback double.
describe("the keep-alive fetcher", () => {
  let server: ScriptedServer;

  beforeAll(async () => {
    server = await new ScriptedServer().start();
  });
  afterAll(() => server.stop());

  it("posts the body with its length and reads the whole answer", async () => {
    server.on("POST", "/graphql", { body: { data: { ok: true } } });
    const fetcher = createKeepAliveFetcher({ timeoutMs: 2_000 });
    const response = await fetcher(`${server.url}graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ ok }" }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { ok: true } });
    const seen = server.seen.at(-1)!;
    expect(seen.body).toBe('{"query":"{ ok }"}');
    expect(seen.headers["content-length"]).toBe(String(seen.body.length));
    expect(seen.headers.connection).toBe("keep-alive");
  });

  it("fails a call that gets no answer in time", async () => {
    server.on("POST", "/slow", { delayMs: 1_000, body: {} });
    const fetcher = createKeepAliveFetcher({ timeoutMs: 100 });
    await expect(fetcher(`${server.url}slow`, { method: "POST", body: "{}" })).rejects.toThrow(
      "no answer within 100 ms",
    );
  });

  it("fails a call its caller aborts", async () => {
    server.on("POST", "/slow", { delayMs: 1_000, body: {} });
    const fetcher = createKeepAliveFetcher();
    const controller = new AbortController();
    const call = fetcher(`${server.url}slow`, {
      method: "POST",
      body: "{}",
      signal: controller.signal,
    });
    controller.abort();
    await expect(call).rejects.toThrow("aborted");
  });
});
