import { describe, expect, it } from "@jest/globals";
import { WebSocket } from "ws";
import { connect, run, take, TICKS } from "../support/subscription-client.js";
import { eventually } from "../support/connections.js";
import { useSubscriptionGateway } from "../support/subscription-gateway.js";
import { tickerProbe } from "../support/subscription-subgraphs.js";

// Events reach the client complete, over shared subgraph sockets, and end when the client leaves.
describe("federated subscriptions over graphql-ws", () => {
  const { workspaceId, subgraphs, url, token, signedIn } = useSubscriptionGateway();

  it("completes every event with the other subgraph's fields and the viewer in both", async () => {
    const client = connect(url(), { Authorization: `Bearer ${token()}` });
    const outcome = await run(client, TICKS, { from: 1, count: 3 });
    expect(outcome).toEqual({
      completed: true,
      results: [1, 2, 3].map(n => ({
        data: {
          ticks: {
            id: `tick-${n}`,
            n,
            workspaceId: workspaceId(),
            stamp: `stamped:tick-${n}`,
            seenBy: workspaceId(),
          },
        },
      })),
    });
    await eventually(() => tickerProbe.active === 0);
    await client.dispose();
  });

  it("shares one subgraph socket between a connection's subscriptions", async () => {
    let upgrades = 0;
    const count = () => (upgrades += 1);
    subgraphs().ticker.server.on("upgrade", count);
    const client = signedIn();
    const [a, b] = await Promise.all([
      take(client, 2, { from: 0, count: 1_000 }),
      take(client, 2, { from: 100, count: 1_000 }),
    ]);
    expect(a.results[1]?.data).toMatchObject({ ticks: { n: 1, stamp: "stamped:tick-1" } });
    expect(b.results[1]?.data).toMatchObject({ ticks: { n: 101, seenBy: workspaceId() } });
    expect(upgrades).toBe(1);
    subgraphs().ticker.server.off("upgrade", count);
    await client.dispose();
    await eventually(() => tickerProbe.active === 0);
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
    await eventually(() => tickerProbe.active === 1);
    const before = second.results.length;
    await eventually(() => second.results.length > before + 2);
    expect(tickerProbe.started).toBe(started + 2);
    await client.dispose();
    await eventually(() => tickerProbe.active === 0);
  });

  it("ends every subgraph subscription of a client whose socket drops", async () => {
    const socket = new WebSocket(url(), "graphql-transport-ws");
    const firstEvents = new Promise<void>((resolve, reject) => {
      let nexts = 0;
      socket.on("error", reject);
      socket.on("open", () =>
        socket.send(
          JSON.stringify({
            type: "connection_init",
            payload: { authorization: `Bearer ${token()}` },
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
    await eventually(() => tickerProbe.active === 0);
  });
});
