import type { ExecutionEvent } from "../../../orm/entities/index.js";
import { retryWhile } from "../../../platform/backoff.js";
import { createEventStream } from "../../../platform/graphql-ws/event-streams.js";
import type { ExecutionEventHub } from "./event-hub.js";

const FINAL = new Set(["EXECUTION_SUCCEEDED", "EXECUTION_FAILED", "EXECUTION_CANCELLED"]);
/** How long reads may keep failing (the database away) before the subscription fails. */
const READ_PATIENCE_MS = 120_000;

/**
 * An execution's events after `afterSeq`: first the stored log, then live ones as they commit,
 * each exactly once and in order. Live batches come from the hub (one read shared by every
 * subscriber); whenever a batch does not follow on from the last seq sent (this subscriber was
 * still replaying, or fell behind), the missing events are read from the log first. Ends after
 * the execution's final event (the latest one: a failed execution that was retried goes on).
 * A read that fails (the database is away) is retried with backoff while the subscriber stays,
 * for up to READ_PATIENCE_MS, so a database restart delays events without losing or repeating
 * any; a longer outage fails the subscription, and the client resumes with `afterSeq`.
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
    const read = async (after: number, limit?: number): Promise<ExecutionEvent[]> => {
      const giveUpAt = Date.now() + READ_PATIENCE_MS;
      let failure: unknown;
      const events = await retryWhile(() => hub.read(executionId, after, limit), {
        wanted: () => !stopped && Date.now() < giveUpAt,
        onError: error => {
          failure = error;
        },
      });
      if (events || stopped) {
        return events ?? [];
      }
      throw failure; // the subscription fails; its client resumes with afterSeq
    };

    const deliver = async (events: ExecutionEvent[]) => {
      for (const event of events) {
        if (stopped || event.seq <= last) {
          continue;
        }
        if (event.seq !== last + 1) {
          const missing = await read(last, event.seq - last - 1);
          await deliver(missing.filter(gap => gap.seq < event.seq));
          if (event.seq !== last + 1) {
            return; // not committed yet in order: the next batch brings it
          }
        }
        last = event.seq;
        sink.push(event);
        if (FINAL.has(event.type) && !(await read(last, 1)).length && !stopped) {
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
        const events = await read(last);
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
