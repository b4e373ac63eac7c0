import pg from "pg";
import type { EntityManager } from "@mikro-orm/postgresql";
import { ExecutionEvent } from "../../../orm/entities/index.js";
import type { Orm } from "../../../orm/config.js";
import type { Logger } from "../../../platform/logger.js";
import { EVENTS_CHANNEL } from "../engine/event-log.js";

export type EventsListener = (events: ExecutionEvent[]) => void;

interface Followed {
  listeners: Set<EventsListener>;
  /** The highest seq read so far for this execution's listeners. */
  last: number;
  /** The newest seq a notification announced. */
  announced: number;
  reading: boolean;
}

const READ_LIMIT = 1_000;

/**
 * Wakes execution-event subscribers in this process when events commit in any process: one
 * LISTEN connection per process, and one read per execution per wake-up, whatever the number of
 * subscribers (a dashboard with 2,000 viewers costs one query per batch of events, not 2,000).
 * Notifications only announce "up to seq N committed"; the events are read from the table, so a
 * missed or coalesced notification costs a query, never an event.
 */
export class ExecutionEventHub {
  private readonly followed = new Map<string, Followed>();
  private client: pg.Client | undefined;
  private connecting: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly options: { databaseUrl: string; orm: Orm; logger: Logger }) {}

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.databaseUrl });
    client.on("notification", message => {
      const [executionId, seq] = (message.payload ?? "").split(":");
      const followed = executionId ? this.followed.get(executionId) : undefined;
      if (followed) {
        followed.announced = Math.max(followed.announced, Number(seq));
        void this.pull(executionId!, followed);
      }
    });
    client.on("error", error => {
      this.options.logger.warn({ err: error }, "event listener connection lost; reconnecting");
      this.client = undefined;
      this.connecting = undefined;
      if (!this.closed && this.followed.size) {
        // Read whatever may have been announced while disconnected.
        setTimeout(() => {
          void this.ensure().then(() => {
            for (const [id, followed] of this.followed) {
              followed.announced = Number.MAX_SAFE_INTEGER;
              void this.pull(id, followed);
            }
          });
        }, 500);
      }
    });
    await client.connect();
    await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    this.client = client;
  }

  private ensure(): Promise<void> {
    if (this.client) {
      return Promise.resolve();
    }
    this.connecting ??= this.connect().catch(error => {
      this.connecting = undefined;
      throw error;
    });
    return this.connecting;
  }

  /** Reads what was announced, once for all of the execution's listeners. */
  private async pull(executionId: string, followed: Followed): Promise<void> {
    if (followed.reading) {
      return; // the read in progress goes on until it has caught up with the announcement
    }
    followed.reading = true;
    try {
      while (followed.announced > followed.last && this.followed.get(executionId) === followed) {
        const events = await this.read(executionId, followed.last, READ_LIMIT);
        if (!events.length) {
          break;
        }
        followed.last = events.at(-1)!.seq;
        followed.listeners.forEach(listener => listener(events));
      }
    } catch (error) {
      this.options.logger.warn({ err: error, executionId }, "reading execution events failed");
    } finally {
      followed.reading = false;
    }
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
    await this.ensure();
    let followed = this.followed.get(executionId);
    if (!followed) {
      followed = { listeners: new Set(), last: fromSeq, announced: fromSeq, reading: false };
      this.followed.set(executionId, followed);
    }
    const current = followed;
    current.listeners.add(listener);
    return () => {
      current.listeners.delete(listener);
      if (!current.listeners.size && this.followed.get(executionId) === current) {
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
    this.followed.clear();
    await this.client?.end().catch(() => undefined);
    this.client = undefined;
  }
}
