import type { EntityManager } from "@mikro-orm/postgresql";
import type {
  ConnectionHandle,
  ConnectorContext,
} from "../../../connectors/kit/contracts/index.js";
import { ConnectorError } from "../../../connectors/kit/connector-error.js";
import { Campaign, Connection, Message } from "../../../orm/entities/index.js";
import type { Viewer } from "../../../platform/auth/viewer.js";
import type { Logger } from "../../../platform/logger.js";
import { requireWriter } from "../../shared/authorization.js";
import type { ConnectorRuntime } from "../../../connectors/runtime/connector-runtime.js";
import {
  BadUserInputError,
  ConflictError,
  ConnectionInactiveError,
  NotFoundError,
  ProviderError,
  RecipientSuppressedError,
} from "../../shared/errors.js";
import { isUuid } from "../../shared/validation.js";
import { SuppressionService } from "../suppression/suppression.service.js";
import { checkContent, type ContentInput } from "./message-content.js";
import {
  isUnsettled,
  recordOrClaim,
  recordSent,
  type Claim,
  type MessageDraft,
} from "./message-claim.js";
import { MessageSettlementService, SETTLE_LEASE_MS } from "./message-settlement.service.js";
import { normaliseRecipient } from "./recipient.js";

export interface SendMessageRequest extends ContentInput {
  connectionId: string;
  channel?: Message["channel"] | null;
  to: string;
  campaignId?: string | null;
  idempotencyKey: string;
}

const KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * Sends one message: validates it, records it (QUEUED) before calling the provider, and makes
 * a repeated request with the same idempotency key return the same message without a second
 * provider call. Permanent provider refusals leave the message FAILED with the reason; a lost
 * answer leaves it QUEUED with UNKNOWN_OUTCOME (never sent blindly again); a rate limit or an
 * outage is thrown, and the same key may try again later. A repeat that finds its message never
 * recorded as sent asks the provider before answering (MessageSettlementService).
 */
export class SendMessageService {
  constructor(
    private readonly em: EntityManager,
    private readonly viewer: Viewer,
    private readonly runtime: ConnectorRuntime,
    private readonly logger: Logger,
  ) {}

  private async connection(id: string): Promise<Connection> {
    const connection = isUuid(id)
      ? await this.em.findOne(
          Connection,
          { id: id.toLowerCase(), workspace: this.viewer.workspaceId },
          { populate: ["secrets"] as never },
        )
      : null;
    if (!connection) {
      throw new NotFoundError("Connection");
    }
    if (connection.category !== "MESSAGING") {
      throw new BadUserInputError(
        "connectionId",
        `${connection.provider} is not a messaging connection`,
      );
    }
    return connection;
  }

  private async campaign(id: string | null | undefined): Promise<string | null> {
    if (id == null) {
      return null;
    }
    const found = isUuid(id)
      ? await this.em.count(Campaign, { id: id.toLowerCase(), workspace: this.viewer.workspaceId })
      : 0;
    if (!found) {
      throw new BadUserInputError("campaignId", "is not a campaign of this workspace");
    }
    return id.toLowerCase();
  }

  async send(request: SendMessageRequest): Promise<Message> {
    requireWriter(this.viewer);
    if (!KEY.test(request.idempotencyKey)) {
      throw new BadUserInputError(
        "idempotencyKey",
        "must be 1 to 200 printable characters without spaces",
      );
    }
    const connection = await this.connection(request.connectionId);
    const connector = this.runtime.connectorFor(connection.provider, "MESSAGING");
    if (request.channel && request.channel !== connector.channel) {
      throw new BadUserInputError(
        "channel",
        `the connection sends ${connector.channel}, not ${request.channel}`,
      );
    }
    const recipient = normaliseRecipient(connector.channel, request.to);
    const content = checkContent(connector.channel, connector.limits, request);
    const campaignId = await this.campaign(request.campaignId);
    const suppressions = new SuppressionService(this.em, this.viewer.workspaceId);
    const suppressed = await suppressions.find(connector.channel, recipient);
    if (suppressed) {
      throw new RecipientSuppressedError(connector.channel, suppressed.reason);
    }
    // A dry run goes to the sandbox whatever state the real connection is in.
    if (connection.status !== "ACTIVE" && this.viewer.dryRun !== true) {
      throw new ConnectionInactiveError(connection.status, connection.statusReason);
    }
    const draft: MessageDraft = {
      workspaceId: this.viewer.workspaceId,
      connectionId: connection.id,
      campaignId,
      channel: connector.channel,
      provider: connection.provider,
      recipient,
      content,
      idempotencyKey: request.idempotencyKey,
      dryRun: this.viewer.dryRun === true,
    };
    let claim = await recordOrClaim(this.em, draft);
    if (claim.kind === "conflict") {
      throw new ConflictError(
        "This idempotency key was already used for a different message",
        "idempotencyKey",
      );
    }
    if (claim.kind === "existing" && isUnsettled(claim.message)) {
      claim = await this.settleRetry(claim.message, connection, draft);
    }
    if (claim.kind !== "owned") {
      return claim.message;
    }
    const message = claim.message;
    const dryRun = this.viewer.dryRun === true;
    const callback = this.runtime.statusCallbackUrl(connection, message.id, dryRun);
    const send = (ctx: ConnectorContext, handle: ConnectionHandle) =>
      connector.send(ctx, handle, {
        messageId: message.id,
        to: recipient,
        ...content,
        statusCallbackUrl: callback,
      });
    try {
      const result = dryRun
        ? await this.runtime.dryRun.call(connection, send)
        : await this.runtime.withConnection(connection, send);
      return await recordSent(this.em, message.id, result.providerMessageId);
    } catch (error) {
      if (!(error instanceof ConnectorError)) {
        throw error;
      }
      await this.recordFailure(message, error, connector.channel, recipient);
      if (error.retryable) {
        throw new ProviderError(error);
      }
    }
    return this.em.findOneOrFail(Message, { id: message.id }, { refresh: true });
  }

  /**
   * The same key found its message QUEUED with no provider id: a send still in flight, or one
   * whose answer was never recorded (the write after the provider call failed). The provider is
   * asked first, so the answer is the provider's state; a message it never took is sent now.
   */
  private async settleRetry(
    message: Message,
    connection: Connection,
    draft: MessageDraft,
  ): Promise<Claim> {
    const settlement = await new MessageSettlementService(
      this.em,
      this.runtime,
      this.logger,
    ).settle(message, connection);
    if (settlement.kind === "released") {
      return recordOrClaim(this.em, draft);
    }
    if (settlement.kind === "pending" && settlement.error) {
      // Held for the provider to be asked again once the settlement's lease runs out.
      const { kind, message: reason, details } = settlement.error;
      const wait = Math.max(details.retryAfterMs ?? 0, SETTLE_LEASE_MS);
      throw new ProviderError(new ConnectorError(kind, reason, { ...details, retryAfterMs: wait }));
    }
    return { kind: "existing", message: settlement.message };
  }

  private async recordFailure(
    message: Message,
    error: ConnectorError,
    channel: Message["channel"],
    recipient: string,
  ) {
    const providerCode =
      error.details.providerCode !== undefined ? String(error.details.providerCode) : null;
    const common = {
      errorCode: error.kind,
      errorMessage: error.message,
      providerErrorCode: providerCode,
      leaseUntil: null,
    };
    this.logger.warn(
      { messageId: message.id, kind: error.kind, providerCode },
      "message send failed",
    );
    if (error.kind === "UNKNOWN_OUTCOME" || error.retryable) {
      await this.em.nativeUpdate(Message, { id: message.id, status: "QUEUED" }, common as never);
      return;
    }
    await this.em.nativeUpdate(Message, { id: message.id, status: "QUEUED" }, {
      ...common,
      status: "FAILED",
      failedAt: new Date(),
    } as never);
    if (error.details.optOut) {
      await new SuppressionService(this.em, this.viewer.workspaceId).add(
        channel,
        recipient,
        "PROVIDER_OPT_OUT",
        message.provider,
      );
    }
  }
}
