import type { Logger } from "./logger.js";
import { currentRequestId } from "./request-scope.js";

export interface ProcessFaultOptions {
  logger: Logger;
  /** Runs before an uncaught exception ends the process (the embedded database stops), bounded. */
  beforeExit?: () => Promise<void>;
  /** How long `beforeExit` may take (default 5 s). */
  beforeExitMs?: number;
  /** Ends the process; tests replace it. */
  exit?: (code: number) => void;
}

let installed: { off(): void } | undefined;

/**
 * The process-wide last resort, installed once by every entry point:
 * - an unhandled rejection is a bug in one piece of work (a request, a job, a reconnect), not in
 *   the process: it is logged with the request id when one is known, and the process serves on;
 * - an uncaught exception (a failed start included) may have left any state half-changed: it is
 *   logged, printed to stderr, and the process exits with status 1, on purpose, for its
 *   supervisor (docker, systemd, a shell) to restart.
 * Returns the uninstaller.
 */
export function installProcessFaultHandlers(options: ProcessFaultOptions): { off(): void } {
  installed?.off();
  const { logger } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let exiting = false;
  const onRejection = (reason: unknown) => {
    const requestId = currentRequestId();
    logger.error(
      { err: reason, ...(requestId ? { requestId } : {}) },
      "unhandled promise rejection (the process keeps serving)",
    );
  };
  const onException = (error: Error, origin: string) => {
    const requestId = currentRequestId();
    logger.fatal(
      { err: error, origin, ...(requestId ? { requestId } : {}) },
      "uncaught exception: exiting for the supervisor to restart the process",
    );
    // The process ends: its reason also goes to stderr as Node prints it, for whoever reads a
    // crash without a log viewer (a failed start: a wrong vault key, an unreachable database).
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    if (exiting) {
      return;
    }
    exiting = true;
    const cleanup = options.beforeExit
      ? Promise.race([
          options.beforeExit().catch((cause: unknown) => {
            logger.error({ err: cause }, "cleanup before exit failed");
          }),
          new Promise(resolve => setTimeout(resolve, options.beforeExitMs ?? 5_000).unref()),
        ])
      : Promise.resolve();
    void cleanup.then(() => exit(1));
  };
  process.on("unhandledRejection", onRejection);
  process.on("uncaughtException", onException);
  const handle = {
    off() {
      process.off("unhandledRejection", onRejection);
      process.off("uncaughtException", onException);
      if (installed === handle) {
        installed = undefined;
      }
    },
  };
  installed = handle;
  return handle;
}
