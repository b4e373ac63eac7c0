import type { MESSAGE_STATUSES } from "../../../orm/entities/message.entity.js";

type Status = (typeof MESSAGE_STATUSES)[number];

const RANK: Record<Status, number> = { QUEUED: 0, SENT: 1, DELIVERED: 2, READ: 3, FAILED: 2 };

/**
 * Statuses only move forward: QUEUED → SENT → DELIVERED → READ, or to FAILED before delivery.
 * Provider webhooks arrive out of order and more than once; a late "sent" after "delivered", or
 * anything after FAILED, changes nothing.
 */
export function canAdvance(from: Status, to: Status): boolean {
  if (from === to || from === "FAILED" || from === "READ") {
    return false;
  }
  if (to === "FAILED") {
    return from === "QUEUED" || from === "SENT";
  }
  return RANK[to] > RANK[from];
}

const TIMESTAMP: Partial<Record<Status, "sentAt" | "deliveredAt" | "readAt" | "failedAt">> = {
  SENT: "sentAt",
  DELIVERED: "deliveredAt",
  READ: "readAt",
  FAILED: "failedAt",
};

/** The timestamp column a status sets. */
export function timestampFor(status: Status) {
  return TIMESTAMP[status];
}
