import { describe, expect, it } from "@jest/globals";
import {
  createEventStream,
  mapEventStream,
  type EventSink,
} from "../../platform/graphql-ws/event-streams.js";

/** A stream and a handle on its producer: the sink, and how many times `stop` ran. */
function produced() {
  const handle: { sink?: EventSink<number>; stops: number } = { stops: 0 };
  const stream = createEventStream<number>(sink => {
    handle.sink = sink;
    return () => {
      handle.stops += 1;
    };
  });
  return { stream, handle, sink: () => handle.sink as EventSink<number> };
}

describe("createEventStream", () => {
  it("delivers buffered events in order, then ends and stops the producer once", async () => {
    const { stream, handle, sink } = produced();
    sink().push(1);
    sink().push(2);
    sink().end();
    sink().push(3);
    const seen: number[] = [];
    for await (const value of stream) {
      seen.push(value);
    }
    expect(seen).toEqual([1, 2]);
    expect(handle.stops).toBe(1);
  });

  it("lets go at once when the consumer returns while waiting for an event", async () => {
    const { stream, handle } = produced();
    const waiting = stream.next();
    await expect(stream.return()).resolves.toEqual({ done: true, value: undefined });
    await expect(waiting).resolves.toEqual({ done: true, value: undefined });
    expect(handle.stops).toBe(1);
    await stream.return();
    expect(handle.stops).toBe(1);
  });

  it("surfaces a failure after the events pushed before it", async () => {
    const { stream, handle, sink } = produced();
    sink().push(1);
    sink().fail(new Error("source broke"));
    await expect(stream.next()).resolves.toEqual({ done: false, value: 1 });
    await expect(stream.next()).rejects.toThrow("source broke");
    expect(handle.stops).toBe(1);
  });

  it("stops a producer that ends while starting", async () => {
    let stops = 0;
    const stream = createEventStream<number>(sink => {
      sink.end();
      return () => {
        stops += 1;
      };
    });
    await expect(stream.next()).resolves.toEqual({ done: true, value: undefined });
    expect(stops).toBe(1);
  });
});

describe("mapEventStream", () => {
  it("maps events one at a time, in order", async () => {
    const { stream, sink } = produced();
    const mapped = mapEventStream(stream, async value => `#${value}`);
    sink().push(1);
    sink().push(2);
    sink().end();
    const seen: string[] = [];
    for await (const value of mapped) {
      seen.push(value);
    }
    expect(seen).toEqual(["#1", "#2"]);
  });

  it("releases the source at once on return and drops a result still being computed", async () => {
    const { stream, handle, sink } = produced();
    let finish: (value: string) => void = () => {};
    const mapped = mapEventStream(stream, () => new Promise<string>(resolve => (finish = resolve)));
    sink().push(1);
    const pending = mapped.next();
    await new Promise(resolve => setImmediate(resolve));
    await mapped.return();
    expect(handle.stops).toBe(1);
    finish("late");
    await expect(pending).resolves.toEqual({ done: true, value: undefined });
  });

  it("releases the source when mapping fails", async () => {
    const { stream, handle, sink } = produced();
    const mapped = mapEventStream(stream, () => {
      throw new Error("cannot map");
    });
    sink().push(1);
    await expect(mapped.next()).rejects.toThrow("cannot map");
    expect(handle.stops).toBe(1);
    await expect(mapped.next()).resolves.toEqual({ done: true, value: undefined });
  });
});
