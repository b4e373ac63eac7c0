import { LockMode } from "@mikro-orm/core";
import type { EntityManager } from "@mikro-orm/postgresql";
import type { WebhookEvent as ProviderEvent } from "../../../connectors/kit/contracts/webhooks.js";
import { WebhookEvent } from "../../../orm/entities/index.js";
import { uuidv7 } from "../../../orm/uuid.js";
import type { Orm } from "../../../orm/config.js";
import type { Logger } from "../../../platform/logger.js";

export type IngestOutcome = "PROCESSED" | "IGNORED" | "DUPLICATE";

/** Applies one stored event inside its transaction; returns why it was ignored, if it was. */
export type WebhookApplier<E extends ProviderEvent, C> = (
  em: EntityManager,
  context: C,
  event: E,
) => Promise<string | undefined>;

/**
 * Store-then-process, for every provider and category: each verified event is stored (RECEIVED)
 * before anything else, then processed once under a row lock; an event already processed (a
 * provider's retry, a replay) changes nothing. A failed processing leaves the event FAILED and
 * the error propagates, so the route answers with a status the provider retries on.
 */
export async function ingestWebhookEvent<E extends ProviderEvent, C>(
  deps: { orm: Orm; logger: Logger },
  stored: { provider: string; connectionId?: string; extra?: Record<string, string> },
  context: C,
  event: E,
  apply: WebhookApplier<E, C>,
): Promise<IngestOutcome> {
  const em = deps.orm.em.fork() as EntityManager;
  const key = { provider: stored.provider, eventId: event.eventId };
  await em
    .createQueryBuilder(WebhookEvent)
    .insert({
      id: uuidv7(),
      createdAt: new Date(),
      updatedAt: new Date(),
      ...key,
      type: event.type,
      connectionId: stored.connectionId ?? null,
      payload: { ...event, ...stored.extra },
      status: "RECEIVED",
    } as never)
    .onConflict(["provider", "eventId"] as never)
    .ignore()
    .execute("run");
  try {
    return await em.transactional(async tx => {
      const row = await tx.findOneOrFail(WebhookEvent, key, {
        lockMode: LockMode.PESSIMISTIC_WRITE,
      });
      if (row.status === "PROCESSED" || row.status === "IGNORED") {
        return "DUPLICATE";
      }
      const ignored = await apply(tx, context, event);
      row.status = ignored ? "IGNORED" : "PROCESSED";
      row.error = ignored ?? null;
      row.processedAt = new Date();
      return row.status;
    });
  } catch (error) {
    deps.logger.error({ err: error, ...key }, "webhook event failed");
    await em
      .nativeUpdate(WebhookEvent, key, {
        status: "FAILED",
        error: String((error as Error).message).slice(0, 500),
      } as never)
      .catch((marking: unknown) => {
        deps.logger.warn({ err: marking, ...key }, "could not mark the webhook event FAILED");
      });
    throw error;
  }
}
