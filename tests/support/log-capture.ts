import { Writable } from "node:stream";
import { createLogger, type Logger } from "../../platform/logger.js";

/**
 * A debug-level logger whose JSON lines are kept, each read by `read` (the raw line, or its
 * parsed record), in `entries` as they are written.
 */
export function captureLogs<T>(read: (line: string) => T): { entries: T[]; logger: Logger } {
  const entries: T[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n").filter(Boolean)) {
        entries.push(read(line));
      }
      done();
    },
  });
  return { entries, logger: createLogger({ service: "test", level: "debug", destination }) };
}
