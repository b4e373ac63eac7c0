import { createHash } from "node:crypto";
import { raw, type EntityDictionary } from "@mikro-orm/core";
import type { EntityManager } from "@mikro-orm/postgresql";
import { Message } from "../../../orm/entities/index.js";
import type { MessageContent } from "../../../orm/entities/message.entity.js";
import { uuidv7 } from "../../../orm/uuid.js";

/** How long one sender holds a message: longer than every timeout and retry of a send. */
export const LEASE_MS = 5 * 60_000;
/** Failures after which the provider did not act, so the same key may try again. */
const RETRYABLE: ReadonlyArray<string | null> = ["RATE_LIMITED", "UNAVAILABLE"];

export interface MessageDraft {
  workspaceId: string;
  connectionId: string;
  campaignId: string | null;
  channel: Message["channel"];
  provider: string;
  recipient: string;
  content: MessageContent;
  idempotencyKey: string;
  /** A dry run's message: sent to the provider's sandbox, never counted as real. */
  dryRun: boolean;
}

export function requestHash(draft: MessageDraft): string {
  const { workspaceId: _workspace, idempotencyKey: _key, ...request } = draft;
  return createHash("sha256").update(JSON.stringify(request)).digest("hex");
}

export interface Claim {
  /** owned: this caller sends; existing: return it as it is; conflict: the key names another message. */
  kind: "owned" | "existing" | "conflict";
  message: Message;
}

/** QUEUED with neither the provider's id nor a failure: a send in flight, or one never recorded. */
export function isUnsettled(message: Message): boolean {
  return message.status === "QUEUED" && !message.providerMessageId && !message.errorCode;
}

/** The provider did not act on it: the same idempotency key sends it again. */
export function isReclaimable(message: Message): boolean {
  return (
    message.status === "QUEUED" &&
    !message.providerMessageId &&
    RETRYABLE.includes(message.errorCode ?? null)
  );
}

/**
 * Records the message (QUEUED) before any provider call, or finds the one this idempotency key
 * recorded earlier. The caller owns the send when it inserted the row, or when it re-claimed a
 * message whose earlier attempt failed in a way the provider did not act on and whose lease ran
 * out. Anything else (sent, failed, in flight, never recorded, unknown outcome) is returned as it
 * is: an unsettled one is the settlement's to look up (message-settlement.service.ts).
 */
export async function recordOrClaim(em: EntityManager, draft: MessageDraft): Promise<Claim> {
  const hash = requestHash(draft);
  const leaseUntil = new Date(Date.now() + LEASE_MS);
  const [inserted] = await em
    .createQueryBuilder(Message)
    .insert({
      id: uuidv7(),
      createdAt: new Date(),
      updatedAt: new Date(),
      workspace: draft.workspaceId,
      connection: draft.connectionId,
      campaign: draft.campaignId,
      channel: draft.channel,
      provider: draft.provider,
      recipient: draft.recipient,
      content: draft.content,
      idempotencyKey: draft.idempotencyKey,
      dryRun: draft.dryRun,
      requestHash: hash,
      status: "QUEUED",
      attempts: 1,
      leaseUntil,
    } as never)
    .onConflict(["workspace", "idempotencyKey"] as never)
    .ignore()
    .returning("*")
    .execute<Array<EntityDictionary<Message>>>("all", false);
  if (inserted) {
    return { kind: "owned", message: em.map(Message, inserted) };
  }
  const message = await em.findOneOrFail(
    Message,
    { workspace: draft.workspaceId, idempotencyKey: draft.idempotencyKey },
    { refresh: true },
  );
  if (message.requestHash !== hash) {
    return { kind: "conflict", message };
  }
  const reclaimed = await em.nativeUpdate(
    Message,
    {
      id: message.id,
      status: "QUEUED",
      providerMessageId: null,
      errorCode: { $in: RETRYABLE },
      $or: [{ leaseUntil: null }, { leaseUntil: { $lt: new Date() } }],
    } as never,
    { leaseUntil, attempts: message.attempts + 1, errorCode: null, errorMessage: null } as never,
  );
  if (reclaimed === 1) {
    return {
      kind: "owned",
      message: await em.findOneOrFail(Message, { id: message.id }, { refresh: true }),
    };
  }
  return { kind: "existing", message };
}

/** The provider took the message: releases the lease and records it, in one statement. */
export async function recordSent(
  em: EntityManager,
  id: string,
  providerMessageId: string,
): Promise<Message> {
  const [row] = await em
    .createQueryBuilder(Message)
    .update({
      providerMessageId,
      leaseUntil: null,
      errorCode: null,
      errorMessage: null,
      // A status webhook may already have moved the message on; only QUEUED becomes SENT.
      status: raw(`case when status = 'QUEUED' then 'SENT' else status end`),
      sentAt: raw(`case when status = 'QUEUED' then ? else sent_at end`, [new Date()]),
    } as never)
    .where({ id })
    .returning("*")
    .execute<Array<EntityDictionary<Message>>>("all", false);
  return em.map(Message, row!);
}
