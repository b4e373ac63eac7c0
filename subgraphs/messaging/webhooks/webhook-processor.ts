import { LockMode } from "@mikro-orm/core";
import type { EntityManager } from "@mikro-orm/postgresql";
import type { MessagingChannel } from "../../../connectors/kit/contracts/index.js";
import type { WebhookEvent as ProviderEvent } from "../../../connectors/kit/contracts/index.js";
import { Connection, Message, WebhookEvent } from "../../../orm/entities/index.js";
import { uuidv7 } from "../../../orm/uuid.js";
import type { Orm } from "../../../orm/config.js";
import type { Logger } from "../../../platform/logger.js";
import { isUuid } from "../../shared/validation.js";
import { canAdvance, timestampFor } from "../message/message-status.js";
import { normaliseRecipient } from "../message/recipient.js";
import { SuppressionService } from "../suppression/suppression.service.js";
import { targetsOf, type WebhookTarget } from "./webhook-targets.js";

export type IngestOutcome = "PROCESSED" | "IGNORED" | "DUPLICATE";

export interface IngestContext {
  provider: string;
  channel: MessagingChannel;
  /** The connection the webhook URL named (connection-scoped providers). */
  target?: WebhookTarget;
  /** Crosscast's message id carried in the callback URL (`?mid=`), when there is one. */
  messageIdHint?: string;
  /** A dry run's callback (its token verified): it may only update its dry-run message. */
  dryRun?: boolean;
}

const OPT_IN = new Set(["START", "UNSTOP", "YES"]);

/**
 * Stores each verified event before processing it (so none is lost), then processes it once:
 * the event row is locked, and an event already processed (a retry or a replay) changes nothing.
 * A failed processing leaves the event FAILED and the error propagates, so the provider retries.
 */
export class WebhookProcessor {
  constructor(
    private readonly orm: Orm,
    private readonly logger: Logger,
  ) {}

  async ingest(context: IngestContext, event: ProviderEvent): Promise<IngestOutcome> {
    const em = this.orm.em.fork() as EntityManager;
    await em
      .createQueryBuilder(WebhookEvent)
      .insert({
        id: uuidv7(),
        createdAt: new Date(),
        updatedAt: new Date(),
        provider: context.provider,
        eventId: event.eventId,
        type: event.type,
        connectionId: context.target?.connectionId ?? null,
        payload: {
          ...event,
          ...(context.messageIdHint ? { messageIdHint: context.messageIdHint } : {}),
        },
        status: "RECEIVED",
      } as never)
      .onConflict(["provider", "eventId"] as never)
      .ignore()
      .execute("run");
    try {
      return await em.transactional(async tx => {
        const stored = await tx.findOneOrFail(
          WebhookEvent,
          { provider: context.provider, eventId: event.eventId },
          { lockMode: LockMode.PESSIMISTIC_WRITE },
        );
        if (stored.status === "PROCESSED" || stored.status === "IGNORED") {
          return "DUPLICATE";
        }
        const ignored = await this.apply(tx, context, event);
        stored.status = ignored ? "IGNORED" : "PROCESSED";
        stored.error = ignored ?? null;
        stored.processedAt = new Date();
        return stored.status;
      });
    } catch (error) {
      await em.nativeUpdate(WebhookEvent, { provider: context.provider, eventId: event.eventId }, {
        status: "FAILED",
        error: String((error as Error).message).slice(0, 500),
      } as never);
      this.logger.error(
        { err: error, provider: context.provider, eventId: event.eventId },
        "webhook event failed",
      );
      throw error;
    }
  }

  /** Applies one event; returns why it was ignored, or undefined when it was applied. */
  private async apply(
    em: EntityManager,
    context: IngestContext,
    event: ProviderEvent,
  ): Promise<string | undefined> {
    if (context.dryRun && event.type !== "MESSAGE_STATUS") {
      return "a dry run's callback only reports message statuses";
    }
    switch (event.type) {
      case "MESSAGE_STATUS":
        return this.messageStatus(em, context, event);
      case "INBOUND_MESSAGE": {
        const text = event.text.trim().toUpperCase();
        if (!event.optOut && !OPT_IN.has(text)) {
          return "inbound message without an opt-out or opt-in";
        }
        return this.optOut(em, context, event.accountId, event.from, event.optOut ? "STOP" : null);
      }
      case "OPT_OUT":
        return this.optOut(em, context, event.accountId, event.address, event.reason);
      case "OPT_IN":
        return this.optOut(em, context, event.accountId, event.address, null);
      case "CONNECTION_REVOKED": {
        const changed = await em.nativeUpdate(
          Connection,
          {
            provider: context.provider,
            externalAccountId: event.externalAccountId,
            status: { $ne: "DISCONNECTED" },
          } as never,
          { status: "REVOKED", statusReason: `Revoked at the provider: ${event.reason}` } as never,
        );
        return changed ? undefined : "no connection for this account";
      }
    }
  }

  private async messageStatus(
    em: EntityManager,
    context: IngestContext,
    event: Extract<ProviderEvent, { type: "MESSAGE_STATUS" }>,
  ): Promise<string | undefined> {
    // A dry run's callback reports on the one message its token names; a provider's on ours.
    const ours = context.dryRun
      ? context.messageIdHint
      : [event.messageId, context.messageIdHint].find(id => id && isUuid(id));
    const where = ours
      ? { id: ours.toLowerCase(), provider: context.provider }
      : event.providerMessageId
        ? { provider: context.provider, providerMessageId: event.providerMessageId }
        : undefined;
    const message = where
      ? await em.findOne(
          Message,
          {
            ...where,
            ...(context.target ? { workspace: context.target.workspaceId } : {}),
            ...(context.dryRun ? { dryRun: true } : {}),
          } as never,
          {
            lockMode: LockMode.PESSIMISTIC_WRITE,
          },
        )
      : null;
    if (!message) {
      return "unknown message";
    }
    if (!message.providerMessageId && event.providerMessageId) {
      message.providerMessageId = event.providerMessageId; // reconciles a lost answer
    }
    if (message.errorCode === "UNKNOWN_OUTCOME" && event.status !== "FAILED") {
      message.errorCode = null;
      message.errorMessage = null;
    }
    const at = event.occurredAt ?? new Date();
    if (!canAdvance(message.status, event.status)) {
      return undefined;
    }
    message.status = event.status;
    const column = timestampFor(event.status);
    if (column) {
      message[column] ??= at;
    }
    if (event.status !== "FAILED") {
      message.sentAt = message.sentAt ?? at;
    } else {
      message.errorCode = "UNDELIVERED";
      message.errorMessage = "The provider could not deliver the message";
      message.providerErrorCode = event.errorCode ?? null;
      if (event.optedOut) {
        const suppressions = new SuppressionService(em, message.workspace);
        await suppressions.add(
          message.channel,
          message.recipient,
          "PROVIDER_OPT_OUT",
          context.provider,
        );
      }
    }
    return undefined;
  }

  private async optOut(
    em: EntityManager,
    context: IngestContext,
    accountId: string | undefined,
    from: string,
    reason: string | null,
  ): Promise<string | undefined> {
    let address: string;
    try {
      const raw = context.channel === "WHATSAPP" && /^\d+$/.test(from) ? `+${from}` : from;
      address = normaliseRecipient(context.channel, raw);
    } catch {
      return "the sender's address is not one this channel sends to";
    }
    const targets = await targetsOf(em, context.provider, context.target, accountId);
    if (!targets.length) {
      return "no connection for this account";
    }
    for (const { workspaceId } of targets) {
      const suppressions = new SuppressionService(em, workspaceId);
      if (reason) {
        await suppressions.add(context.channel, address, reason, context.provider);
      } else {
        await suppressions.remove(context.channel, address);
      }
    }
    return undefined;
  }
}
