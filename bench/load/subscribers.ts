// N graphql-ws subscribers in their own process, each on its own socket through the gateway,
// following one execution: prints READY once every socket is connected and subscribed, then a JSON
// report once every subscription has ended (latency from an event's commit to its receipt, gaps).
import { readFile } from "node:fs/promises";
import { createClient } from "graphql-ws";
import { WebSocket } from "ws";

interface Spec {
  url: string;
  tokensFile: string;
  executionId: string;
  subscribers: number;
}

const spec = JSON.parse(await readFile(process.argv[2]!, "utf8")) as Spec;
const tokens = (await readFile(spec.tokensFile, "utf8")).split("\n").filter(Boolean);
const latencies: number[] = [];
let gaps = 0;
let events = 0;
let errors = 0;
let connected = 0;
let readyAt = 0;

const done = Array.from(
  { length: spec.subscribers },
  (_, index) =>
    new Promise<void>(resolve => {
      const client = createClient({
        url: spec.url,
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        connectionParams: { authorization: `Bearer ${tokens[index % tokens.length]}` },
        on: { connected: () => void (connected += 1) },
      });
      let last = 0;
      client.subscribe<{ executionEvents: { seq: number; occurredAt: string } }>(
        {
          query: `subscription($id: ID!) { executionEvents(executionId: $id) { seq occurredAt } }`,
          variables: { id: spec.executionId },
        },
        {
          next: result => {
            const event = result.data?.executionEvents;
            if (!event) {
              errors += 1;
              return;
            }
            events += 1;
            if (event.seq !== last + 1) {
              gaps += 1;
            }
            last = event.seq;
            const occurred = Date.parse(event.occurredAt);
            // Only events committed while everyone was listening: the replay's are not live.
            if (readyAt && occurred >= readyAt) {
              latencies.push(Date.now() - occurred);
            }
          },
          error: () => {
            errors += 1;
            void client.dispose();
            resolve();
          },
          complete: () => {
            void client.dispose();
            resolve();
          },
        },
      );
    }),
);

while (connected < spec.subscribers) {
  await new Promise(resolve => setTimeout(resolve, 50));
}
// Give the last subscriptions a moment to reach the orchestration subgraph.
await new Promise(resolve => setTimeout(resolve, 1_000));
readyAt = Date.now();
process.stdout.write("READY\n");
await Promise.all(done);
latencies.sort((a, b) => a - b);
const at = (p: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
process.stdout.write(
  `${JSON.stringify({ subscribers: spec.subscribers, events, live: latencies.length, gaps, errors, p50Ms: at(50), p99Ms: at(99) })}\n`,
);
process.exit(0);
