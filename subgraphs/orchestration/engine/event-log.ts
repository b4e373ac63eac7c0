import type { EntityManager } from "@mikro-orm/postgresql";
import type {
  EXECUTION_EVENT_TYPES,
  ExecutionEventPayload,
} from "../../../orm/entities/execution-event.entity.js";
import { uuidv7 } from "../../../orm/uuid.js";

export type ExecutionEventType = (typeof EXECUTION_EVENT_TYPES)[number];

/** The channel that wakes subscribers in every process when an event commits. */
export const EVENTS_CHANNEL = "crosscast_execution_events";

export interface NewEvent {
  type: ExecutionEventType;
  stepId?: string | null;
  itemIndex?: number | null;
  payload?: ExecutionEventPayload;
}

/**
 * Appends events to an execution's log inside the caller's transaction, in one statement. The
 * sequence numbers come from the execution row (`last_seq + n`, which locks the row until
 * commit), so they never skip: a rolled-back transaction takes its numbers back with it. NOTIFY
 * is transactional too, so subscribers hear of an event only once it is committed.
 */
export async function appendEvents(
  tx: EntityManager,
  executionId: string,
  workspaceId: string,
  events: NewEvent[],
): Promise<void> {
  if (!events.length) {
    return;
  }
  const rows = events.map(() => "(?::uuid, ?::int, ?, ?, ?::int, ?::jsonb)").join(", ");
  await tx.execute(
    `with s as (
       update execution set last_seq = last_seq + ?, updated_at = now() where id = ? returning last_seq
     ), e as (
       insert into execution_event (id, workspace_id, execution_id, seq, type, step_id, item_index, payload, created_at)
       select v.id, ?, ?, s.last_seq - ? + v.n, v.type, v.step_id, v.item_index, v.payload, clock_timestamp()
       from s, (values ${rows}) as v (id, n, type, step_id, item_index, payload)
     )
     select pg_notify(?, ? || ':' || s.last_seq) from s`,
    [
      events.length,
      executionId,
      workspaceId,
      executionId,
      events.length,
      ...events.flatMap((event, index) => [
        uuidv7(),
        index + 1,
        event.type,
        event.stepId ?? null,
        event.itemIndex ?? null,
        JSON.stringify(event.payload ?? {}),
      ]),
      EVENTS_CHANNEL,
      executionId,
    ],
  );
}
