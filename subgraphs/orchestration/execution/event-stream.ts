import { createEventStream } from "../../../platform/graphql-ws/event-streams.js";
import type { ExecutionEvent } from "../../../orm/entities/index.js";
import type { ExecutionEventHub } from "./event-hub.js";

const FINAL = new Set(["EXECUTION_SUCCEEDED", "EXECUTION_FAILED", "EXECUTION_CANCELLED"]);

/**
 * An execution's events after `afterSeq`: first the stored log, then live ones as they commit,
 * each exactly once and in order (reads are serialised and resume after the last seq sent, so a
 * late or repeated wake-up can neither skip nor repeat one). Ends after the execution's final
 * event (the latest one: a failed execution that was retried goes on).
 */
export function executionEventStream(
  hub: ExecutionEventHub,
  executionId: string,
  afterSeq: number,
) {
  return createEventStream<ExecutionEvent>(sink => {
    let last = afterSeq;
    let stopped = false;
    let reading: Promise<void> = Promise.resolve();
    let unlisten: (() => void) | undefined;
    const catchUp = () => {
      reading = reading
        .then(async () => {
          for (;;) {
            if (stopped) {
              return;
            }
            const events = await hub.read(executionId, last);
            for (const event of events) {
              if (event.seq !== last + 1) {
                continue; // not committed in order yet: read again on the next wake-up
              }
              last = event.seq;
              sink.push(event);
              // The end, unless the execution went on (a retry after a failure, later in the log).
              if (FINAL.has(event.type) && !(await hub.read(executionId, last, 1)).length) {
                stopped = true;
                sink.end();
                return;
              }
            }
            if (events.length < 1_000) {
              return;
            }
          }
        })
        .catch(error => {
          stopped = true;
          sink.fail(error);
        });
    };
    void hub
      .listen(executionId, seq => {
        if (seq > last) {
          catchUp();
        }
      })
      .then(
        stop => {
          unlisten = stop;
          if (stopped) {
            stop();
            return;
          }
          catchUp();
        },
        error => sink.fail(error),
      );
    return () => {
      stopped = true;
      unlisten?.();
    };
  });
}
