import { describe, expect, it } from "@jest/globals";
import { createGatewaySubscriptions } from "../../gateway/subscriptions/gateway-subscriptions.js";
import { createServiceServer } from "../../platform/http/service-server.js";
import { connect, errorsOf, run, TICKS } from "../support/subscription-client.js";
import { eventually } from "../support/connections.js";
import { doublingFragments } from "../support/hostile-documents.js";
import { useSubscriptionGateway } from "../support/subscription-gateway.js";
import { FAIL, INTERNAL_DETAIL, tickerProbe } from "../support/subscription-subgraphs.js";

// Bad operations are refused before a subgraph runs; subgraph failures reach clients masked.
describe("federated subscriptions over graphql-ws", () => {
  const { config, logger, subgraphs, token, signedIn } = useSubscriptionGateway();

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

  it("answers a 60-level doubling fragment document with its depth error at once", async () => {
    const started = tickerProbe.started;
    const leaf = `ticks(from: 0, count: 1) { ${"previous { ".repeat(13)}id${" }".repeat(13)} }`;
    const client = signedIn();
    const outcome = await run(
      client,
      `subscription Doubling { ...F0 }\n${doublingFragments("Subscription", 60, leaf)}`,
    );
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
    await eventually(() => tickerProbe.active === 0);
  });

  it("ends the subscription with a masked error when the subgraph cannot be reached", async () => {
    const server = createServiceServer({ logger: logger(), routes: {}, ready: async () => {} });
    const unreachable = createGatewaySubscriptions({
      server: server.server,
      supergraphSdl: subgraphs().supergraphSdl,
      subgraphUrls: { ...subgraphs().subgraphUrls, ticker: "http://127.0.0.1:1/graphql" },
      auth: config().auth,
      logger: logger(),
      production: true,
    });
    const client = connect(`ws://127.0.0.1:${await server.listen(0)}/graphql`, {
      authorization: `Bearer ${token()}`,
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
