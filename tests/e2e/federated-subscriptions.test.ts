import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createClient, type Client, type FormattedExecutionResult } from "graphql-ws";
import { WebSocket } from "ws";
import { createGatewaySubscriptions } from "../../gateway/subscriptions/gateway-subscriptions.js";
import { toWebSocketUrl } from "../../gateway/subscriptions/upstream-connections.js";
import { INTERNAL_HEADER, signInternalToken } from "../../platform/auth/internal-token.js";
import { mintUserToken } from "../../platform/auth/user-token.js";
import { loadConfig } from "../../platform/config.js";
import type { GraphQLWebSocketEndpoint } from "../../platform/graphql-ws/graphql-ws-endpoint.js";
import { createServiceServer, type ServiceServer } from "../../platform/http/service-server.js";
import { createLogger } from "../../platform/logger.js";
import {
  FAIL,
  INTERNAL_DETAIL,
  startSubscriptionSubgraphs,
  tickerProbe,
  type SubscriptionSubgraphs,
} from "../support/subscription-subgraphs.js";
import { createTestOrm, type TestOrm } from "../support/test-database.js";
import { startTestStack } from "../support/test-stack.js";

type Result = FormattedExecutionResult<Record<string, unknown>, unknown>;

interface Outcome {
  results: Result[];
  completed: boolean;
  error?: unknown;
}

const TICKS = `subscription Ticks($from: Int!, $count: Int!) {
  ticks(from: $from, count: $count) { id n workspaceId stamp seenBy }
}`;

function connect(url: string, params?: Record<string, unknown>): Client {
  return createClient({
    url,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    ...(params ? { connectionParams: params } : {}),
  });
}

/** Runs a subscription until it completes or fails. */
function run(client: Client, query: string, variables: Record<string, unknown> = {}) {
  return new Promise<Outcome>(resolve => {
    const results: Result[] = [];
    client.subscribe(
      { query, variables },
      {
        next: result => results.push(result),
        error: error => resolve({ results, completed: false, error }),
        complete: () => resolve({ results, completed: true }),
      },
    );
  });
}

/** Subscribes and resolves once `count` results arrived, with the function that unsubscribes. */
function take(client: Client, count: number, variables: Record<string, unknown>) {
  return new Promise<{ results: Result[]; unsubscribe: () => void }>((resolve, reject) => {
    const results: Result[] = [];
    const unsubscribe = client.subscribe(
      { query: TICKS, variables },
      {
        next: result => {
          results.push(result);
          if (results.length === count) {
            resolve({ results, unsubscribe });
          }
        },
        error: reject,
        complete: () => reject(new Error(`completed after ${results.length} results`)),
      },
    );
  });
}

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error("condition not met in time");
    }
    await new Promise(resolve => setTimeout(resolve, 10));
  }
}

const closeCode = (outcome: Outcome) => (outcome.error as { code?: number } | undefined)?.code;
const errorsOf = (outcome: Outcome) => outcome.error as Array<Record<string, unknown>>;

describe("federated subscriptions over graphql-ws", () => {
  const config = loadConfig({ NODE_ENV: "test" });
  const logger = createLogger({ service: "test", level: "silent" });
  const workspaceId = randomUUID();
  let database: TestOrm;
  let subgraphs: SubscriptionSubgraphs;
  let gateway: ServiceServer;
  let subscriptions: GraphQLWebSocketEndpoint;
  let url: string;
  let token: string;

  beforeAll(async () => {
    database = await createTestOrm();
    subgraphs = await startSubscriptionSubgraphs({ orm: database.orm, config, logger });
    gateway = createServiceServer({ logger, routes: {}, ready: async () => {} });
    subscriptions = createGatewaySubscriptions({
      server: gateway.server,
      supergraphSdl: subgraphs.supergraphSdl,
      subgraphUrls: subgraphs.subgraphUrls,
      auth: config.auth,
      logger,
      production: false,
    });
    url = `ws://127.0.0.1:${await gateway.listen(0)}/graphql`;
    token = await mintUserToken(config.auth.jwtSecret, { userId: "user-1", workspaceId });
  });

  afterAll(async () => {
    await subscriptions.close();
    await gateway.close();
    await subgraphs.stop();
    await database.close();
  });

  const signedIn = () => connect(url, { authorization: `Bearer ${token}` });

  it("completes every event with the other subgraph's fields and the viewer in both", async () => {
    const client = connect(url, { Authorization: `Bearer ${token}` });
    const outcome = await run(client, TICKS, { from: 1, count: 3 });
    expect(outcome).toEqual({
      completed: true,
      results: [1, 2, 3].map(n => ({
        data: {
          ticks: {
            id: `tick-${n}`,
            n,
            workspaceId,
            stamp: `stamped:tick-${n}`,
            seenBy: workspaceId,
          },
        },
      })),
    });
    await until(() => tickerProbe.active === 0);
    await client.dispose();
  });

  it("shares one subgraph socket between a connection's subscriptions", async () => {
    let upgrades = 0;
    const count = () => (upgrades += 1);
    subgraphs.ticker.server.on("upgrade", count);
    const client = signedIn();
    const [a, b] = await Promise.all([
      take(client, 2, { from: 0, count: 1_000 }),
      take(client, 2, { from: 100, count: 1_000 }),
    ]);
    expect(a.results[1]?.data).toMatchObject({ ticks: { n: 1, stamp: "stamped:tick-1" } });
    expect(b.results[1]?.data).toMatchObject({ ticks: { n: 101, seenBy: workspaceId } });
    expect(upgrades).toBe(1);
    subgraphs.ticker.server.off("upgrade", count);
    await client.dispose();
    await until(() => tickerProbe.active === 0);
  });

  it("closes with 4401 before anything runs when the token is missing or invalid", async () => {
    const forged = await mintUserToken("x".repeat(40), { userId: "u", workspaceId });
    const started = tickerProbe.started;
    for (const params of [
      undefined,
      { authorization: "" },
      { authorization: token },
      { authorization: "Bearer not-a-jwt" },
      { authorization: `Bearer ${forged}` },
    ]) {
      const client = connect(url, params);
      const outcome = await run(client, TICKS, { from: 0, count: 1 });
      expect(closeCode(outcome)).toBe(4401);
      expect(outcome.results).toEqual([]);
      await client.dispose();
    }
    expect(tickerProbe.started).toBe(started);
  });

  it("refuses a subgraph's websocket without the gateway's credentials", async () => {
    const direct = toWebSocketUrl(subgraphs.ticker.url);
    const forged = signInternalToken("y".repeat(40), {
      viewer: { userId: "u", workspaceId, role: "OWNER" },
      requestId: "forged-request",
    });
    const started = tickerProbe.started;
    for (const params of [
      undefined,
      { authorization: `Bearer ${token}` },
      { [INTERNAL_HEADER]: forged },
    ]) {
      const client = connect(direct, params);
      const outcome = await run(client, TICKS, { from: 0, count: 1 });
      expect(closeCode(outcome)).toBe(4403);
      await client.dispose();
    }
    expect(tickerProbe.started).toBe(started);
  });

  it("refuses an operation beyond the depth limit with GRAPHQL_VALIDATION_FAILED", async () => {
    const started = tickerProbe.started;
    const deep = `subscription { ticks(from: 0, count: 1) { ${"previous { ".repeat(13)}id${" }".repeat(13)} } }`;
    const client = signedIn();
    const outcome = await run(client, deep);
    expect(errorsOf(outcome)).toEqual([
      {
        message: "Query is nested 15 levels deep; the limit is 12",
        extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
      },
    ]);
    expect(tickerProbe.started).toBe(started);
    await client.dispose();
  });

  it("refuses queries, unknown fields and bad variables on the socket", async () => {
    const client = signedIn();
    const query = await run(client, "{ firstTick { id } }");
    expect(errorsOf(query)[0]?.extensions).toEqual({ code: "BAD_REQUEST" });
    const unknown = await run(client, "subscription { ticks(from: 0, count: 1) { nope } }");
    expect(errorsOf(unknown)[0]?.extensions).toEqual({ code: "GRAPHQL_VALIDATION_FAILED" });
    const badVariable = await run(client, TICKS, { from: "one", count: 1 });
    expect(errorsOf(badVariable)[0]?.extensions).toEqual({ code: "BAD_USER_INPUT" });
    await client.dispose();
  });

  it("ends the subgraph's subscription when the client completes it", async () => {
    const started = tickerProbe.started;
    const client = signedIn();
    // A second subscription keeps the client's socket open: only `complete` can end the first.
    const [first, second] = await Promise.all([
      take(client, 2, { from: 0, count: 100_000 }),
      take(client, 1, { from: 500, count: 100_000 }),
    ]);
    expect(first.results.map(result => result.data)).toMatchObject([
      { ticks: { n: 0 } },
      { ticks: { n: 1 } },
    ]);
    expect(tickerProbe.active).toBe(2);
    first.unsubscribe();
    await until(() => tickerProbe.active === 1);
    const before = second.results.length;
    await until(() => second.results.length > before + 2);
    expect(tickerProbe.started).toBe(started + 2);
    await client.dispose();
    await until(() => tickerProbe.active === 0);
  });

  it("ends every subgraph subscription of a client whose socket drops", async () => {
    const socket = new WebSocket(url, "graphql-transport-ws");
    const firstEvents = new Promise<void>((resolve, reject) => {
      let nexts = 0;
      socket.on("error", reject);
      socket.on("open", () =>
        socket.send(
          JSON.stringify({
            type: "connection_init",
            payload: { authorization: `Bearer ${token}` },
          }),
        ),
      );
      socket.on("message", raw => {
        const message = JSON.parse(String(raw)) as { type: string };
        if (message.type === "connection_ack") {
          for (const id of ["a", "b"]) {
            const variables = { from: 0, count: 100_000 };
            socket.send(
              JSON.stringify({ id, type: "subscribe", payload: { query: TICKS, variables } }),
            );
          }
        } else if (message.type === "next" && ++nexts === 2) {
          resolve();
        }
      });
    });
    await firstEvents;
    expect(tickerProbe.active).toBe(2);
    socket.terminate();
    await until(() => tickerProbe.active === 0);
  });

  it("masks a subgraph's internal errors and keeps its client errors", async () => {
    const client = signedIn();
    const resolveError = await run(client, TICKS, { from: FAIL.resolve, count: 1 });
    expect(resolveError.results[0]?.errors).toEqual([
      {
        message: "Internal server error",
        path: ["ticks"],
        extensions: { code: "INTERNAL_SERVER_ERROR" },
      },
    ]);
    const streamError = await run(client, TICKS, { from: FAIL.stream, count: 10 });
    expect(streamError.results).toHaveLength(1);
    expect(streamError.error).toEqual([
      { message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } },
    ]);
    const forbidden = await run(client, TICKS, { from: FAIL.forbidden, count: 1 });
    expect(forbidden.completed).toBe(true);
    expect(forbidden.results[0]?.errors?.[0]).toMatchObject({
      message: "You may not watch these ticks",
      extensions: { code: "FORBIDDEN" },
    });
    const everything = JSON.stringify([resolveError, streamError, forbidden]);
    expect(everything).not.toContain(INTERNAL_DETAIL.split(" ")[1]);
    expect(everything).not.toContain("stacktrace");
    await client.dispose();
    await until(() => tickerProbe.active === 0);
  });
  it("ends the subscription with a masked error when the subgraph cannot be reached", async () => {
    const server = createServiceServer({ logger, routes: {}, ready: async () => {} });
    const unreachable = createGatewaySubscriptions({
      server: server.server,
      supergraphSdl: subgraphs.supergraphSdl,
      subgraphUrls: { ...subgraphs.subgraphUrls, ticker: "http://127.0.0.1:1/graphql" },
      auth: config.auth,
      logger,
      production: true,
    });
    const client = connect(`ws://127.0.0.1:${await server.listen(0)}/graphql`, {
      authorization: `Bearer ${token}`,
    });
    const outcome = await run(client, TICKS, { from: 0, count: 1 });
    expect(outcome.error).toEqual([
      { message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } },
    ]);
    await client.dispose();
    await unreachable.close();
    await server.close();
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
