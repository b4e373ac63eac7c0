import { EventEmitter, on } from "node:events";

/** What a producer calls: `push` an event, `end` the stream, or `fail` it with an error. */
export interface EventSink<T> {
  push(value: T): void;
  end(): void;
  fail(error: unknown): void;
}

/**
 * An async stream whose `return()` takes effect at once. graphql-ws calls `return()` when a client
 * sends `complete` or goes away; an `async function*` only honours it at its next `yield`, so a
 * subscription waiting for an event that never comes would never let go of its source.
 */
export interface EventStream<T> extends AsyncIterableIterator<T, undefined, undefined> {
  return(): Promise<IteratorReturnResult<undefined>>;
  [Symbol.asyncIterator](): EventStream<T>;
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * A stream fed by callbacks (a LISTEN channel, a poller, an upstream socket). `start` runs at once
 * and may return `stop`, which runs exactly once: when the producer ends or fails, or as soon as
 * the consumer leaves. Events pushed before the consumer asks are buffered, in order.
 */
export function createEventStream<T>(
  start: (sink: EventSink<T>) => (() => void) | void,
): EventStream<T> {
  const emitter = new EventEmitter();
  const events = on(emitter, "event", { close: ["end"] });
  let open = true;
  let stopped = false;
  let stop: (() => void) | void = undefined;
  const runStop = () => {
    if (!stopped && stop) {
      stopped = true;
      stop();
    }
  };
  const sink: EventSink<T> = {
    push(value) {
      if (open) {
        emitter.emit("event", value);
      }
    },
    end() {
      if (open) {
        open = false;
        emitter.emit("end");
        runStop();
      }
    },
    fail(error) {
      if (open) {
        open = false;
        emitter.emit("error", error);
        runStop();
      }
    },
  };
  stop = start(sink);
  if (!open) {
    runStop();
  }
  const stream: EventStream<T> = {
    async next() {
      const result = await events.next();
      return result.done ? DONE : { done: false, value: (result.value as [T])[0] };
    },
    async return() {
      open = false;
      runStop();
      await events.return?.();
      return DONE;
    },
    [Symbol.asyncIterator]() {
      return stream;
    },
  };
  return stream;
}

/**
 * Maps each event of `source` through `map`, one at a time and in order. `return()` reaches the
 * source at once; a result still being computed when the consumer leaves is dropped. When the
 * source or `map` fails, the source is released before the error surfaces.
 */
export function mapEventStream<T, R>(
  source: AsyncIterator<T>,
  map: (value: T) => Promise<R> | R,
): EventStream<R> {
  let closed = false;
  const release = async () => {
    if (!closed) {
      closed = true;
      await source.return?.();
    }
  };
  const stream: EventStream<R> = {
    async next() {
      if (closed) {
        return DONE;
      }
      let value: R;
      try {
        const event = await source.next();
        if (event.done || closed) {
          closed = true;
          return DONE;
        }
        value = await map(event.value);
      } catch (error) {
        await release();
        throw error;
      }
      return closed ? DONE : { done: false, value };
    },
    async return() {
      await release();
      return DONE;
    },
    [Symbol.asyncIterator]() {
      return stream;
    },
  };
  return stream;
}
