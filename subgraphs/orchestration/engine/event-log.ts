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
 * Appends events to an execution's log inside the caller's transaction. The sequence number is
 * taken from the execution row (`last_seq + 1`, which also locks the row until commit), so numbers
 * never skip: a rolled-back transaction takes its numbers back with it. NOTIFY is transactional
 * too, so subscribers hear of an event only once it is committed.
 */
export async function appendEvents(
  tx: EntityManager,
  executionId: string,
  workspaceId: string,
  events: NewEvent[],
): Promise<number[]> {
  if (!events.length) {
    return [];
  }
  const [row] = await tx.execute<Array<{ last_seq: number }>>(
    `update execution set last_seq = last_seq + ?, updated_at = now() where id = ? returning last_seq`,
    [events.length, executionId],
  );
  const last = Number(row!.last_seq);
  const first = last - events.length + 1;
  const seqs = events.map((_, index) => first + index);
  const values = events.map(() => "(?, ?, ?, ?, ?, ?, ?, ?, now())").join(", ");
  await tx.execute(
    `insert into execution_event (id, workspace_id, execution_id, seq, type, step_id, item_index, payload, created_at)
     values ${values}`,
    events.flatMap((event, index) => [
      uuidv7(),
      workspaceId,
      executionId,
      seqs[index],
      event.type,
      event.stepId ?? null,
      event.itemIndex ?? null,
      JSON.stringify(event.payload ?? {}),
    ]),
  );
  await tx.execute(`select pg_notify(?, ?)`, [EVENTS_CHANNEL, `${executionId}:${last}`]);
  return seqs;
}
