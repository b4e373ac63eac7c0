import type { EntityManager } from "@mikro-orm/postgresql";
import { ExecutionEvent } from "../../../orm/entities/index.js";
import type { Orm } from "../../../orm/config.js";
import { createBackoff } from "../../../platform/backoff.js";
import type { Logger } from "../../../platform/logger.js";
import { EVENTS_CHANNEL } from "../engine/event-log.js";
import { createListenConnection, type ListenConnection } from "./listen-connection.js";

export type EventsListener = (events: ExecutionEvent[]) => void;

interface Followed {
  listeners: Set<EventsListener>;
  /** The highest seq read so far for this execution's listeners. */
  last: number;
  /** The newest seq a notification announced. */
  announced: number;
  /** Counts announcements, so a read that comes back empty knows whether one arrived meanwhile. */
  wakes: number;
  reading: boolean;
  /** Reads that failed in a row, and the timer of the next try. */
  failures: number;
  retry?: NodeJS.Timeout;
}

const READ_LIMIT = 1_000;
/** Announced when notifications may have been lost: read until there is nothing more. */
const EVERYTHING = Number.MAX_SAFE_INTEGER;
const readBackoff = createBackoff({ baseMs: 250, maxMs: 5_000 });

/**
 * Wakes execution-event subscribers in this process when events commit in any process: one
 * LISTEN connection per process, and one read per execution per wake-up, whatever the number of
 * subscribers (a dashboard with 2,000 viewers costs one query per batch of events, not 2,000).
 * Notifications only announce "up to seq N committed"; the events are read from the table, so a
 * missed or coalesced notification costs a query, never an event. When the database goes away,
 * the LISTEN connection is re-made with backoff while anyone follows, and then every followed
 * execution is read again from where its listeners are; a failed read is retried the same way.
 */
export class ExecutionEventHub {
  private readonly followed = new Map<string, Followed>();
  private readonly connection: ListenConnection;
  private closed = false;

  constructor(private readonly options: { databaseUrl: string; orm: Orm; logger: Logger }) {
    this.connection = createListenConnection({
      databaseUrl: options.databaseUrl,
      channel: EVENTS_CHANNEL,
      logger: options.logger,
      wanted: () => !this.closed && this.followed.size > 0,
      onNotification: payload => this.announce(payload),
      onRestored: () => {
        for (const [executionId, followed] of this.followed) {
          followed.announced = EVERYTHING;
          followed.wakes += 1;
          void this.pull(executionId, followed);
        }
      },
    });
  }

  /** Throws while the hub cannot hear new events (its connection is lost): readiness. */
  check(): void {
    this.connection.check();
  }

  private announce(payload: string) {
    const [executionId, seq] = payload.split(":");
    const followed = executionId ? this.followed.get(executionId) : undefined;
    if (followed) {
      followed.announced = Math.max(followed.announced, Number(seq));
      followed.wakes += 1;
      void this.pull(executionId!, followed);
    }
  }

  /** Reads what was announced, once for all of the execution's listeners. Never rejects. */
  private async pull(executionId: string, followed: Followed): Promise<void> {
    if (followed.reading) {
      return; // the read in progress goes on until it has caught up with the announcement
    }
    followed.reading = true;
    clearTimeout(followed.retry);
    followed.retry = undefined;
    try {
      while (followed.announced > followed.last && this.isFollowed(executionId, followed)) {
        const wakes = followed.wakes;
        const events = await this.read(executionId, followed.last, READ_LIMIT);
        followed.failures = 0;
        if (events.length) {
          followed.last = events.at(-1)!.seq;
          followed.listeners.forEach(listener => listener(events));
        } else if (followed.wakes === wakes) {
          followed.announced = followed.last; // caught up; nothing arrived while reading
        }
      }
    } catch (error) {
      this.options.logger.warn({ err: error, executionId }, "reading execution events failed");
      this.retryPull(executionId, followed);
    } finally {
      followed.reading = false;
    }
  }

  private retryPull(executionId: string, followed: Followed) {
    if (!this.isFollowed(executionId, followed)) {
      return;
    }
    const delay = readBackoff.delayMs(followed.failures);
    followed.failures += 1;
    followed.retry = setTimeout(() => {
      followed.retry = undefined;
      void this.pull(executionId, followed);
    }, delay);
  }

  private isFollowed(executionId: string, followed: Followed) {
    return !this.closed && this.followed.get(executionId) === followed;
  }

  /**
   * Calls `listener` with each batch of events of `executionId` committed after `fromSeq` is
   * read. Returns the unsubscribe.
   */
  async listen(
    executionId: string,
    fromSeq: number,
    listener: EventsListener,
  ): Promise<() => void> {
    await this.connection.open();
    let followed = this.followed.get(executionId);
    if (!followed) {
      followed = {
        listeners: new Set(),
        last: fromSeq,
        announced: fromSeq,
        wakes: 0,
        reading: false,
        failures: 0,
      };
      this.followed.set(executionId, followed);
    }
    const current = followed;
    current.listeners.add(listener);
    return () => {
      current.listeners.delete(listener);
      if (!current.listeners.size && this.followed.get(executionId) === current) {
        clearTimeout(current.retry);
        this.followed.delete(executionId);
      }
    };
  }

  /** Committed events after `afterSeq`, in order. */
  read(executionId: string, afterSeq: number, limit = READ_LIMIT): Promise<ExecutionEvent[]> {
    const em = this.options.orm.em.fork() as EntityManager;
    return em.find(
      ExecutionEvent,
      { execution: executionId, seq: { $gt: afterSeq } },
      { orderBy: { seq: "asc" }, limit },
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const followed of this.followed.values()) {
      clearTimeout(followed.retry);
    }
    this.followed.clear();
    await this.connection.close();
  }
}
