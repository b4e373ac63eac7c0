import { LockMode } from "@mikro-orm/core";
import type { EntityManager } from "@mikro-orm/postgresql";
import type {
  MessagingChannel,
  WebhookEventsByCategory,
} from "../../../connectors/kit/contracts/index.js";
import type { ConnectorRuntime } from "../../../connectors/runtime/connector-runtime.js";
import { Message } from "../../../orm/entities/index.js";
import { revokeConnections } from "../../shared/webhooks/connection-revoked.js";
import type { CategoryWebhooks, WebhookDelivery } from "../../shared/webhooks/webhook.route.js";
import { targetsOf } from "../../shared/webhooks/webhook-targets.js";
import { isUuid } from "../../shared/validation.js";
import { advanceStatus } from "../message/message-status.js";
import { normaliseRecipient } from "../message/recipient.js";
import { SuppressionService } from "../suppression/suppression.service.js";

const OPT_IN = new Set(["START", "UNSTOP", "YES"]);

/** A messaging event's delivery, with the channel of the provider that sent it. */
interface MessagingDelivery extends WebhookDelivery {
  channel: MessagingChannel;
}

/**
 * What the messaging subgraph does with its providers' events (each already verified and stored
 * by the shared ingest): statuses advance messages, opt-outs and opt-ins change the suppression
 * list, a revocation stops the account's connections. A dry run's callback touches only its own
 * dry-run message.
 */
export function createMessagingWebhooks(runtime: ConnectorRuntime): CategoryWebhooks<"MESSAGING"> {
  const applier = new MessagingWebhookApplier();
  return {
    category: "MESSAGING",
    apply: (em, delivery, event) =>
      applier.apply(
        em,
        { ...delivery, channel: runtime.connectorFor(delivery.provider, "MESSAGING").channel },
        event,
      ),
  };
}

class MessagingWebhookApplier {
  /** Applies one event; returns why it was ignored, or undefined when it was applied. */
  async apply(
    em: EntityManager,
    context: MessagingDelivery,
    event: WebhookEventsByCategory["MESSAGING"],
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
      case "CONNECTION_REVOKED":
        return revokeConnections(em, context.provider, event);
    }
  }

  private async messageStatus(
    em: EntityManager,
    context: MessagingDelivery,
    event: Extract<WebhookEventsByCategory["MESSAGING"], { type: "MESSAGE_STATUS" }>,
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
    const advanced = advanceStatus(
      message,
      event.status,
      event.occurredAt ?? new Date(),
      event.errorCode,
    );
    if (advanced && event.status === "FAILED" && event.optedOut) {
      await new SuppressionService(em, message.workspace).add(
        message.channel,
        message.recipient,
        "PROVIDER_OPT_OUT",
        context.provider,
      );
    }
    return undefined;
  }

  private async optOut(
    em: EntityManager,
    context: MessagingDelivery,
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
