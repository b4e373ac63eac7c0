import pg from "pg";
import { createBackoff } from "../../../platform/backoff.js";
import type { Logger } from "../../../platform/logger.js";

export interface ListenConnectionOptions {
  databaseUrl: string;
  /** A channel name as written in `LISTEN` (an identifier, not user input). */
  channel: string;
  logger: Logger;
  onNotification(payload: string): void;
  /**
   * The connection is back after a loss: whatever was notified meanwhile never arrived, so the
   * caller reads what it may have missed.
   */
  onRestored(): void;
  /** Whether the connection is needed (someone follows): a lost one is re-made only while it is. */
  wanted(): boolean;
}

export interface ListenConnection {
  /** Resolves once connected and listening; rejects when the database cannot be reached now. */
  open(): Promise<void>;
  /** Throws while a needed connection is lost and not yet re-made (readiness). */
  check(): void;
  close(): Promise<void>;
}

const backoff = createBackoff({ baseMs: 250, maxMs: 2_000 });

/**
 * One dedicated PostgreSQL connection that LISTENs on a channel. When it is lost (the server
 * restarts, the network drops it) while still wanted, it is re-made with capped exponential
 * backoff until the database answers again; every client carries an 'error' listener from
 * creation to disposal, so no failure of it can become an uncaught exception or an unhandled
 * rejection.
 */
export function createListenConnection(options: ListenConnectionOptions): ListenConnection {
  const { logger } = options;
  let client: pg.Client | undefined;
  let opening: Promise<void> | undefined;
  let retry: NodeJS.Timeout | undefined;
  let attempt = 0;
  /** When a wanted connection was lost; undefined while connected or not wanted. */
  let lostAt: number | undefined;
  let closed = false;

  const dispose = (target: pg.Client) => {
    target.removeAllListeners();
    // A socket error after this point has nobody left to tell; it must still be heard.
    target.on("error", () => undefined);
    void target.end().catch(() => undefined);
  };

  const lose = (target: pg.Client, error: unknown) => {
    if (target !== client) {
      return; // not connected yet (open() rejects instead) or already replaced
    }
    client = undefined;
    dispose(target);
    if (closed) {
      return;
    }
    if (!options.wanted()) {
      logger.info({ err: error }, "LISTEN connection lost; it is re-made when next needed");
      return;
    }
    lostAt ??= Date.now();
    logger.warn({ err: error }, "LISTEN connection lost; reconnecting");
    schedule();
  };

  const connect = async () => {
    const next = new pg.Client({
      connectionString: options.databaseUrl,
      keepAlive: true,
      connectionTimeoutMillis: 10_000,
    });
    next.on("error", error => lose(next, error));
    next.on("end", () => lose(next, new Error("the LISTEN connection ended")));
    next.on("notification", message => {
      if (!closed && message.payload) {
        options.onNotification(message.payload);
      }
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${options.channel}`);
    } catch (error) {
      dispose(next);
      throw error;
    }
    if (closed) {
      dispose(next);
      return;
    }
    client = next;
    attempt = 0;
    clearTimeout(retry);
    retry = undefined;
    if (lostAt !== undefined) {
      logger.info({ downMs: Date.now() - lostAt }, "LISTEN connection restored");
      lostAt = undefined;
      options.onRestored();
    }
  };

  const open = (): Promise<void> => {
    if (client) {
      return Promise.resolve();
    }
    if (closed) {
      return Promise.reject(new Error("the LISTEN connection is closed"));
    }
    opening ??= connect().finally(() => {
      opening = undefined;
    });
    return opening;
  };

  function schedule() {
    if (retry || closed) {
      return;
    }
    const delay = backoff.delayMs(attempt);
    attempt += 1;
    retry = setTimeout(() => {
      retry = undefined;
      if (closed || client) {
        return;
      }
      if (!options.wanted()) {
        lostAt = undefined; // nobody follows any more: connect again on the next open()
        attempt = 0;
        return;
      }
      open().catch((error: unknown) => {
        const log = attempt <= 1 ? "warn" : "debug";
        logger[log]({ err: error, attempt }, "LISTEN reconnect failed; retrying");
        schedule();
      });
    }, delay);
  }

  return {
    open,
    check() {
      if (lostAt !== undefined && options.wanted()) {
        throw new Error(`the LISTEN connection is lost (for ${Date.now() - lostAt} ms)`);
      }
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      retry = undefined;
      await opening?.catch(() => undefined);
      const last = client;
      client = undefined;
      if (last) {
        last.removeAllListeners();
        last.on("error", () => undefined);
        await last.end().catch(() => undefined);
      }
    },
  };
}
