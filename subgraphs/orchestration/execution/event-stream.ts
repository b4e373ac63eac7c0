import type { ExecutionEvent } from "../../../orm/entities/index.js";
import { createEventStream } from "../../../platform/graphql-ws/event-streams.js";
import type { ExecutionEventHub } from "./event-hub.js";

const FINAL = new Set(["EXECUTION_SUCCEEDED", "EXECUTION_FAILED", "EXECUTION_CANCELLED"]);

/**
 * An execution's events after `afterSeq`: first the stored log, then live ones as they commit,
 * each exactly once and in order. Live batches come from the hub (one read shared by every
 * subscriber); whenever a batch does not follow on from the last seq sent (this subscriber was
 * still replaying, or fell behind), the missing events are read from the log first. Ends after
 * the execution's final event (the latest one: a failed execution that was retried goes on).
 */
export function executionEventStream(
  hub: ExecutionEventHub,
  executionId: string,
  afterSeq: number,
) {
  return createEventStream<ExecutionEvent>(sink => {
    let last = afterSeq;
    let stopped = false;
    let queue: Promise<void> = Promise.resolve();
    let unlisten: (() => void) | undefined;

    const deliver = async (events: ExecutionEvent[]) => {
      for (const event of events) {
        if (stopped || event.seq <= last) {
          continue;
        }
        if (event.seq !== last + 1) {
          const missing = await hub.read(executionId, last, event.seq - last - 1);
          await deliver(missing.filter(gap => gap.seq < event.seq));
          if (event.seq !== last + 1) {
            return; // not committed yet in order: the next batch brings it
          }
        }
        last = event.seq;
        sink.push(event);
        if (FINAL.has(event.type) && !(await hub.read(executionId, last, 1)).length) {
          stopped = true;
          sink.end();
          return;
        }
      }
    };
    const enqueue = (work: () => Promise<void>) => {
      queue = queue.then(work).catch(error => {
        stopped = true;
        sink.fail(error);
      });
    };
    const replay = async () => {
      for (;;) {
        const events = await hub.read(executionId, last);
        await deliver(events);
        if (stopped || events.length < 1_000) {
          return;
        }
      }
    };

    void hub
      .listen(executionId, afterSeq, events => enqueue(() => deliver(events)))
      .then(
        stop => {
          unlisten = stop;
          if (stopped) {
            stop();
            return;
          }
          enqueue(replay);
        },
        error => sink.fail(error),
      );
    return () => {
      stopped = true;
      unlisten?.();
    };
  });
}
