import type { Message, MESSAGE_STATUSES } from "../../../orm/entities/message.entity.js";

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

/** What a status change touches on a message. */
type Tracked = Pick<
  Message,
  | "status"
  | "sentAt"
  | "deliveredAt"
  | "readAt"
  | "failedAt"
  | "errorCode"
  | "errorMessage"
  | "providerErrorCode"
>;

/**
 * Moves a message to a status the provider reported, if the rules allow: stamps the status's time
 * (and sentAt, for anything the provider took), and a failure's reason. False when it stays put.
 */
export function advanceStatus(
  message: Tracked,
  status: Status,
  at: Date,
  providerErrorCode?: string,
): boolean {
  if (!canAdvance(message.status, status)) {
    return false;
  }
  message.status = status;
  const column = timestampFor(status);
  if (column) {
    message[column] ??= at;
  }
  if (status !== "FAILED") {
    message.sentAt ??= at;
  } else {
    message.errorCode = "UNDELIVERED";
    message.errorMessage = "The provider could not deliver the message";
    message.providerErrorCode = providerErrorCode ?? null;
  }
  return true;
}
