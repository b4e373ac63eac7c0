import { LockMode } from "@mikro-orm/core";
import type { EntityManager } from "@mikro-orm/postgresql";
import type {
  ConnectionHandle,
  ConnectorContext,
} from "../../../connectors/kit/contracts/index.js";
import { ConnectorError } from "../../../connectors/kit/connector-error.js";
import type { FoundMessage } from "../../../connectors/kit/contracts/index.js";
import { Connection, Message } from "../../../orm/entities/index.js";
import type { Logger } from "../../../platform/logger.js";
import type { ConnectorRuntime } from "../../../connectors/runtime/connector-runtime.js";
import { SuppressionService } from "../suppression/suppression.service.js";
import { isReclaimable, isUnsettled } from "./message-claim.js";
import { advanceStatus } from "./message-status.js";

/** How long a settler holds a message while it asks the provider: longer than any lookup. */
export const SETTLE_LEASE_MS = 2 * 60_000;
/** A message the provider could not be asked about for this long is left UNKNOWN_OUTCOME. */
const GIVE_UP_AFTER_MS = 24 * 60 * 60_000;

export type Settlement =
  /** The provider has it: its id and state are recorded (here, or by whoever got there first). */
  | { kind: "settled"; message: Message }
  /** The provider never had it: QUEUED with UNAVAILABLE, and the same key sends it. */
  | { kind: "released"; message: Message }
  /** Nobody can tell: UNKNOWN_OUTCOME is recorded, and a later status webhook still settles it. */
  | { kind: "unknown"; message: Message }
  /** Still unsettled: its lease is someone else's, or the provider could not be asked now. */
  | { kind: "pending"; message: Message; error?: ConnectorError };

function kindOf(message: Message): Settlement["kind"] {
  if (isUnsettled(message)) {
    return "pending";
  }
  if (isReclaimable(message)) {
    return "released";
  }
  return message.errorCode === "UNKNOWN_OUTCOME" && !message.providerMessageId
    ? "unknown"
    : "settled";
}

/**
 * Settles a message the provider may have taken without its answer being recorded (QUEUED, no
 * provider id, no failure): a sender that crashed, or a database write that failed after the
 * provider call. The provider is asked through the connector's `lookup`:
 * - found: its id and status are recorded once (under a row lock; statuses never go backwards);
 * - not found: the provider never took it, so it is released for its idempotency key to send it
 *   again (QUEUED, UNAVAILABLE), not failed: a caller that still wants it gets it sent, and
 *   nothing is sent twice;
 * - no lookup, or one that cannot tell: UNKNOWN_OUTCOME, never sent again blindly.
 * Anyone may ask and record what the provider has. Concluding from the provider's silence is for
 * the holder of the message's lease alone: a settler takes it once the sender's lease has run out,
 * so a send still in flight is never mistaken for one that never happened.
 */
export class MessageSettlementService {
  constructor(
    private readonly em: EntityManager,
    private readonly runtime: ConnectorRuntime,
    private readonly logger: Logger,
  ) {}

  /** `connection` (secrets loaded) when the caller has it; otherwise it is loaded. */
  async settle(message: Message, connection?: Connection | null): Promise<Settlement> {
    if (!isUnsettled(message)) {
      return { kind: kindOf(message), message };
    }
    const lease = await this.takeLease(message);
    const owner = connection ?? (await this.connectionOf(message));
    const connector = owner && this.connectorOf(owner.provider);
    if (!owner || !connector?.lookup) {
      const reason = owner
        ? `${owner.provider} cannot look a message up`
        : "its connection no longer exists";
      return this.unknown(message, lease, reason);
    }
    const lookup = connector.lookup.bind(connector);
    const query = {
      messageId: message.id,
      to: message.recipient,
      sentAfter: message.createdAt,
      ...(message.content?.text !== undefined ? { text: message.content.text } : {}),
    };
    const call = (ctx: ConnectorContext, handle: ConnectionHandle) => lookup(ctx, handle, query);
    let found: FoundMessage | undefined;
    try {
      found = message.dryRun
        ? await this.runtime.dryRun.call(owner, call)
        : await this.runtime.withConnection(owner, call);
    } catch (error) {
      if (!(error instanceof ConnectorError)) {
        throw error;
      }
      const stale = Date.now() - message.createdAt.getTime() > GIVE_UP_AFTER_MS;
      if (error.retryable && !stale) {
        this.logger.warn({ messageId: message.id, kind: error.kind }, "message lookup failed");
        const settlement = await this.reload(message.id);
        // Held by this settler until its lease runs out: the caller is told to come back then.
        return lease && settlement.kind === "pending"
          ? { kind: "pending", message: settlement.message, error }
          : settlement;
      }
      return this.unknown(message, lease, `the provider could not tell: ${error.message}`);
    }
    if (found) {
      return this.record(message.id, found);
    }
    return lease ? this.release(message.id, lease) : this.reload(message.id);
  }

  /** The message's lease for this settler once the sender's has run out; undefined otherwise. */
  private async takeLease(message: Message): Promise<Date | undefined> {
    const now = new Date();
    if (message.leaseUntil && message.leaseUntil > now) {
      return undefined;
    }
    const lease = new Date(now.getTime() + SETTLE_LEASE_MS);
    const taken = await this.em.nativeUpdate(
      Message,
      {
        id: message.id,
        status: "QUEUED",
        providerMessageId: null,
        errorCode: null,
        $or: [{ leaseUntil: null }, { leaseUntil: { $lt: now } }],
      } as never,
      { leaseUntil: lease } as never,
    );
    return taken === 1 ? lease : undefined;
  }

  /** The provider's messaging connector; undefined when this deployment has none for it. */
  private connectorOf(provider: string) {
    try {
      return this.runtime.connectorFor(provider, "MESSAGING");
    } catch (error) {
      if (error instanceof ConnectorError) {
        return undefined;
      }
      throw error;
    }
  }

  private connectionOf(message: Message): Promise<Connection | null> {
    if (!message.connection) {
      return Promise.resolve(null);
    }
    return this.em.findOne(
      Connection,
      { id: message.connection, workspace: message.workspace },
      { populate: ["secrets"] as never },
    );
  }

  /** Records what the provider has, once: whoever recorded an id first (sender, webhook) wins. */
  private async record(id: string, found: FoundMessage): Promise<Settlement> {
    const recorded = await this.em.transactional(async tx => {
      const message = await tx.findOne(
        Message,
        { id },
        { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
      );
      if (!message || message.status !== "QUEUED" || message.providerMessageId) {
        return message;
      }
      // A content match (Twilio) could name another of our messages: that one is not this one.
      const taken = await tx.count(Message, {
        provider: message.provider,
        providerMessageId: found.providerMessageId,
        id: { $ne: id },
      } as never);
      if (taken > 0) {
        message.errorCode = "UNKNOWN_OUTCOME";
        message.errorMessage = "the provider's match belongs to another message";
        message.leaseUntil = null;
        return message;
      }
      message.providerMessageId = found.providerMessageId;
      message.leaseUntil = null;
      message.errorCode = null;
      message.errorMessage = null;
      advanceStatus(message, found.status, new Date(), found.errorCode);
      if (found.status === "FAILED" && found.optedOut) {
        await new SuppressionService(tx as EntityManager, message.workspace).add(
          message.channel,
          message.recipient,
          "PROVIDER_OPT_OUT",
          message.provider ?? "unknown",
        );
      }
      return message;
    });
    this.logger.info(
      { messageId: id, providerMessageId: found.providerMessageId, status: found.status },
      "message settled with the provider's record",
    );
    return recorded ? { kind: kindOf(recorded), message: recorded } : this.reload(id);
  }

  private release(id: string, lease: Date): Promise<Settlement> {
    return this.conclude(id, lease, {
      errorCode: "UNAVAILABLE",
      errorMessage:
        "the provider has no such message, so it was never sent; its idempotency key sends it",
    });
  }

  private unknown(message: Message, lease: Date | undefined, reason: string) {
    if (!lease) {
      return this.reload(message.id);
    }
    return this.conclude(message.id, lease, {
      errorCode: "UNKNOWN_OUTCOME",
      errorMessage: `the provider's answer was never recorded, and ${reason}`,
    });
  }

  /** Writes a conclusion only while this settler still holds the lease it took. */
  private async conclude(
    id: string,
    lease: Date,
    outcome: { errorCode: string; errorMessage: string },
  ): Promise<Settlement> {
    await this.em.nativeUpdate(
      Message,
      {
        id,
        status: "QUEUED",
        providerMessageId: null,
        errorCode: null,
        leaseUntil: lease,
      } as never,
      { ...outcome, leaseUntil: null } as never,
    );
    this.logger.warn({ messageId: id, errorCode: outcome.errorCode }, "message settled");
    return this.reload(id);
  }

  private async reload(id: string): Promise<Settlement> {
    const message = await this.em.findOneOrFail(Message, { id }, { refresh: true });
    return { kind: kindOf(message), message };
  }
}
