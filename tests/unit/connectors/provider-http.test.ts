import { afterAll, beforeEach, describe, expect, it } from "@jest/globals";
import { ConnectorError } from "../../../connectors/kit/connector-error.js";
import {
  createProviderHttp,
  type ProviderHttpOptions,
} from "../../../connectors/kit/provider-http.js";
import { freePort } from "../../../testing/processes.js";
import { ScriptedServer } from "../../support/scripted-server.js";

describe("the provider HTTP core", () => {
  let server: ScriptedServer;
  let waits: number[];
  const servers: ScriptedServer[] = [];

  const client = (overrides: Partial<ProviderHttpOptions> = {}) =>
    createProviderHttp({
      provider: "acme",
      baseUrl: server.url,
      timeoutMs: 300,
      retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 10_000 },
      sleep: async ms => void waits.push(ms),
      random: () => 0.5,
      ...overrides,
    });
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => error as ConnectorError,
    );

  beforeEach(async () => {
    server = await new ScriptedServer().start();
    servers.push(server);
    waits = [];
  });
  afterAll(() => Promise.all(servers.map(s => s.stop())));

  it("sends form bodies and query strings, and parses JSON answers", async () => {
    server.on("POST", "/v1/things", { status: 201, body: { id: "t1" } });
    const response = await client()({
      method: "POST",
      path: "/v1/things",
      query: { page: 2 },
      body: new URLSearchParams({ To: "+15550100", Body: "hi there" }),
    });
    expect(response).toMatchObject({ status: 201, body: { id: "t1" } });
    expect(server.seen[0]).toMatchObject({
      url: "/v1/things?page=2",
      body: "To=%2B15550100&Body=hi+there",
    });
    expect(server.seen[0]!.headers["content-type"]).toBe("application/x-www-form-urlencoded");
  });

  it("waits as long as Retry-After says, then succeeds", async () => {
    server.on(
      "GET",
      "/v1/me",
      { status: 429, headers: { "retry-after": "2" } },
      { body: { ok: true } },
    );
    await expect(
      client()({ method: "GET", path: "/v1/me", idempotent: true }),
    ).resolves.toMatchObject({ status: 200 });
    expect(waits).toEqual([2_000]);
  });

  it("reads epoch reset headers when there is no Retry-After", async () => {
    const reset = Math.floor(Date.now() / 1000) + 3;
    server.on(
      "GET",
      "/v1/me",
      { status: 429, headers: { "x-ratelimit-reset": String(reset) } },
      { body: {} },
    );
    await client()({ method: "GET", path: "/v1/me", idempotent: true });
    expect(waits[0]).toBeGreaterThan(1_000);
    expect(waits[0]).toBeLessThanOrEqual(3_000);
  });

  it("hands back a wait longer than it may hold a caller, as RATE_LIMITED with retry-after", async () => {
    server.on("GET", "/v1/me", { status: 429, headers: { "retry-after": "120" } });
    const error = await failure(client()({ method: "GET", path: "/v1/me", idempotent: true }));
    expect(error).toMatchObject({ kind: "RATE_LIMITED", details: { retryAfterMs: 120_000 } });
    expect(server.count("GET", "/v1/me")).toBe(1);
  });

  it("backs off with jitter on 5xx and gives up as UNAVAILABLE", async () => {
    server.on("GET", "/v1/me", { status: 502 });
    const error = await failure(client()({ method: "GET", path: "/v1/me", idempotent: true }));
    expect(error?.kind).toBe("UNAVAILABLE");
    expect(server.count("GET", "/v1/me")).toBe(3);
    expect(waits).toEqual([50, 100]); // random 0.5 of 100·2^0 and 100·2^1
  });

  it("does not retry what cannot succeed: rejected credentials, refused requests", async () => {
    server.on("GET", "/v1/me", { status: 401 }).on("POST", "/v1/bad", { status: 422 });
    expect(
      (await failure(client()({ method: "GET", path: "/v1/me", idempotent: true })))?.kind,
    ).toBe("AUTH_EXPIRED");
    expect((await failure(client()({ method: "POST", path: "/v1/bad", body: {} })))?.kind).toBe(
      "INVALID_REQUEST",
    );
    expect(server.seen).toHaveLength(2);
  });

  it("lets the provider's classifier read errors inside HTTP 200 bodies", async () => {
    server.on("POST", "/api/chat.postMessage", { body: { ok: false, error: "channel_not_found" } });
    const classify = (response: { body: unknown }) =>
      (response.body as { ok?: boolean }).ok === false
        ? new ConnectorError("INVALID_REQUEST", "channel_not_found")
        : undefined;
    const error = await failure(
      client({ classify })({ method: "POST", path: "/api/chat.postMessage", body: {} }),
    );
    expect(error).toMatchObject({ kind: "INVALID_REQUEST", message: "channel_not_found" });
  });

  describe("a write whose outcome is unknown", () => {
    it("is reconciled by a lookup instead of being sent again", async () => {
      server.on("POST", "/v1/messages", { delayMs: 600, status: 201, body: { id: "m1" } });
      const reconciled = { status: 200, headers: new Headers(), body: { id: "m1", found: true } };
      const response = await client()({
        method: "POST",
        path: "/v1/messages",
        body: {},
        reconcile: async () => reconciled,
      });
      expect(response).toBe(reconciled);
      expect(server.count("POST", "/v1/messages")).toBe(1);
    });

    it("is sent again only when the lookup proves it did not happen", async () => {
      server.on("POST", "/v1/messages", { delayMs: 600 }, { status: 201, body: { id: "m2" } });
      const response = await client()({
        method: "POST",
        path: "/v1/messages",
        body: {},
        reconcile: async () => undefined,
      });
      expect(response.body).toEqual({ id: "m2" });
      expect(server.count("POST", "/v1/messages")).toBe(2);
    });

    it("surfaces UNKNOWN_OUTCOME when it cannot be looked up, and is never replayed", async () => {
      server
        .on("POST", "/v1/messages", { delayMs: 600 })
        .on("POST", "/v1/charges", { status: 500 });
      expect(
        (await failure(client()({ method: "POST", path: "/v1/messages", body: {} })))?.kind,
      ).toBe("UNKNOWN_OUTCOME");
      expect(
        (await failure(client()({ method: "POST", path: "/v1/charges", body: {} })))?.kind,
      ).toBe("UNKNOWN_OUTCOME");
      expect(server.count("POST", "/v1/messages")).toBe(1);
      expect(server.count("POST", "/v1/charges")).toBe(1);
    });

    it("is retried when the provider says it did not process it (503)", async () => {
      server.on("POST", "/v1/messages", { status: 503 }, { status: 201, body: { id: "m3" } });
      await expect(
        client()({ method: "POST", path: "/v1/messages", body: {} }),
      ).resolves.toMatchObject({ status: 201 });
    });
  });

  it("retries a write that never left (connection refused) and reports UNAVAILABLE", async () => {
    const closed = `http://127.0.0.1:${await freePort()}/`;
    const error = await failure(
      client({ baseUrl: closed })({ method: "POST", path: "/v1/messages", body: {} }),
    );
    expect(error?.kind).toBe("UNAVAILABLE");
    expect(waits).toHaveLength(2);
  });
});
