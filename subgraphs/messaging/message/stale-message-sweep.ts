import type { EntityManager } from "@mikro-orm/postgresql";
import { Connection, Message } from "../../../orm/entities/index.js";
import type { Orm } from "../../../orm/config.js";
import type { Logger } from "../../../platform/logger.js";
import type { ConnectorRuntime } from "../../../connectors/runtime/connector-runtime.js";
import { MessageSettlementService, type Settlement } from "./message-settlement.service.js";

/** Messages settled per run; a full page asks for the next run at once. */
const PAGE_SIZE = 25;
/** The job queue the sweep's runs go through (and its schedule's name). */
export const STALE_MESSAGE_QUEUE = "messaging-stale-messages";

export interface StaleMessageSweep {
  /** The job queue the sweep's runs go through. */
  queue: string;
  /** When it runs (cron, UTC): every minute. */
  cron: string;
  /** Settles one page of stale messages; true when the page was full (more may be waiting). */
  run(): Promise<boolean>;
}

/**
 * The scheduled side of settlement: messages still QUEUED, with no provider id and no failure,
 * after their lease ran out (a sender that crashed, or whose write after the provider call
 * failed) and that no retry came back for. One bounded page per run, oldest lease first; each
 * message is settled by MessageSettlementService, which takes its lease first, so two sweeps
 * (or a sweep and a retry) never settle one message twice, and a message the provider could not
 * be asked about now waits out that lease before the next try.
 *
 * It belongs to the messaging subgraph but runs on the execution workers: their composition
 * root (app/execution-engine.ts) hands it to the job engine, which schedules it.
 */
export function createStaleMessageSweep(deps: {
  orm: Orm;
  /** The connectors, opened when a run first finds work. */
  runtime: () => Promise<ConnectorRuntime>;
  logger: Logger;
  pageSize?: number;
}): StaleMessageSweep {
  const pageSize = deps.pageSize ?? PAGE_SIZE;
  const logger = deps.logger.child({ component: "message-sweep" });
  return {
    queue: STALE_MESSAGE_QUEUE,
    cron: "* * * * *",

    async run() {
      const em = deps.orm.em.fork() as EntityManager;
      const stale = await em.find(
        Message,
        {
          status: "QUEUED",
          providerMessageId: null,
          errorCode: null,
          leaseUntil: { $lt: new Date() },
        } as never,
        { orderBy: { leaseUntil: "asc" }, limit: pageSize },
      );
      if (!stale.length) {
        return false;
      }
      const ids = [...new Set(stale.flatMap(message => message.connection ?? []))];
      const connections = await em.find(
        Connection,
        { id: { $in: ids } },
        { populate: ["secrets"] as never },
      );
      const connectionOf = new Map(connections.map(connection => [connection.id, connection]));
      const settlement = new MessageSettlementService(em, await deps.runtime(), logger);
      const outcomes: Partial<Record<Settlement["kind"] | "error", number>> = {};
      for (const message of stale) {
        let kind: Settlement["kind"] | "error";
        try {
          const owner = message.connection ? connectionOf.get(message.connection) : undefined;
          kind = (await settlement.settle(message, owner ?? null)).kind;
        } catch (error) {
          kind = "error";
          logger.error({ err: error, messageId: message.id }, "message settlement failed");
        }
        outcomes[kind] = (outcomes[kind] ?? 0) + 1;
      }
      logger.info({ ...outcomes }, "stale messages swept");
      return stale.length === pageSize;
    },
  };
}
