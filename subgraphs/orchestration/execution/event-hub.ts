import pg from "pg";
import type { EntityManager } from "@mikro-orm/postgresql";
import { ExecutionEvent } from "../../../orm/entities/index.js";
import type { Orm } from "../../../orm/config.js";
import type { Logger } from "../../../platform/logger.js";
import { EVENTS_CHANNEL } from "../engine/event-log.js";

type Listener = (latestSeq: number) => void;

/**
 * Wakes execution-event subscribers in this process when an event commits in any process: one
 * LISTEN connection per process, fanned out to the subscribers of each execution. Notifications
 * only say "something up to seq N committed"; subscribers read the events themselves, so a missed
 * or coalesced notification costs a query, never an event.
 */
export class ExecutionEventHub {
  private readonly listeners = new Map<string, Set<Listener>>();
  private client: pg.Client | undefined;
  private connecting: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly options: { databaseUrl: string; orm: Orm; logger: Logger }) {}

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.databaseUrl });
    client.on("notification", message => {
      const [executionId, seq] = (message.payload ?? "").split(":");
      const listeners = executionId ? this.listeners.get(executionId) : undefined;
      listeners?.forEach(listener => listener(Number(seq)));
    });
    client.on("error", error => {
      this.options.logger.warn({ err: error }, "event listener connection lost; reconnecting");
      this.client = undefined;
      this.connecting = undefined;
      if (!this.closed && this.listeners.size) {
        // Wake everyone: they re-read what they may have missed while disconnected.
        setTimeout(() => void this.ensure().then(() => this.wakeAll()), 500);
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

  private wakeAll() {
    this.listeners.forEach(set => set.forEach(listener => listener(Number.MAX_SAFE_INTEGER)));
  }

  /** Calls `listener` whenever events of `executionId` commit; returns the unsubscribe. */
  async listen(executionId: string, listener: Listener): Promise<() => void> {
    await this.ensure();
    let set = this.listeners.get(executionId);
    if (!set) {
      set = new Set();
      this.listeners.set(executionId, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (!set.size) {
        this.listeners.delete(executionId);
      }
    };
  }

  /** Committed events after `afterSeq`, in order. */
  read(executionId: string, afterSeq: number, limit = 1_000): Promise<ExecutionEvent[]> {
    const em = this.options.orm.em.fork() as EntityManager;
    return em.find(
      ExecutionEvent,
      { execution: executionId, seq: { $gt: afterSeq } },
      { orderBy: { seq: "asc" }, limit },
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    await this.client?.end().catch(() => undefined);
    this.client = undefined;
  }
}
