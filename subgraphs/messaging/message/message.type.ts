import { Directive, Field, ID, Int, ObjectType } from "type-graphql";
import {
  MESSAGE_CHANNELS,
  MESSAGE_STATUSES,
  type Message,
} from "../../../orm/entities/message.entity.js";
import { CampaignRef, ConnectionRef } from "../stubs.js";
import type { EntityRef } from "../../shared/entity-stubs.js";
import { graphqlEnum } from "../../shared/enum.js";

export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];
export const MessageChannel = graphqlEnum(MESSAGE_CHANNELS, "MessageChannel");
export const MessageStatus = graphqlEnum(MESSAGE_STATUSES, "MessageStatus");

@ObjectType("MessageError", { description: "Why a message failed, or why its outcome is unknown." })
export class MessageErrorType {
  @Field({ description: "A connector taxonomy code: INVALID_REQUEST, UNKNOWN_OUTCOME, …" })
  code!: string;

  @Field()
  message!: string;

  @Field(() => String, { nullable: true, description: "The provider's own code (Twilio 21211…)." })
  providerCode!: string | null;
}

@Directive('@key(fields: "id")')
@ObjectType("Message", { description: "One outbound message on a messaging channel." })
export class MessageType {
  @Field(() => ID)
  id!: string;

  @Field(() => MessageChannel)
  channel!: MessageChannel;

  @Field(() => String, { nullable: true, description: "Provider key (twilio, sendgrid, …)." })
  provider!: string | null;

  @Field()
  recipient!: string;

  @Field(() => MessageStatus)
  status!: MessageStatus;

  @Field({ description: "Sent by a dry run, to the provider's sandbox." })
  dryRun!: boolean;

  @Field(() => String, { nullable: true })
  text!: string | null;

  @Field(() => String, { nullable: true })
  subject!: string | null;

  @Field(() => String, { nullable: true, description: "Template name, when sent from one." })
  templateName!: string | null;

  @Field(() => String, { nullable: true })
  idempotencyKey!: string | null;

  @Field(() => String, { nullable: true, description: "The provider's id (Twilio SM…, wamid…)." })
  providerMessageId!: string | null;

  @Field(() => MessageErrorType, { nullable: true })
  error!: MessageErrorType | null;

  @Field(() => Int)
  attempts!: number;

  @Field(() => CampaignRef, { nullable: true })
  campaign!: EntityRef | null;

  @Field(() => ConnectionRef, { nullable: true })
  connection!: EntityRef | null;

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  sentAt!: Date | null;

  @Field(() => Date, { nullable: true })
  deliveredAt!: Date | null;

  @Field(() => Date, { nullable: true })
  readAt!: Date | null;

  @Field(() => Date, { nullable: true })
  failedAt!: Date | null;
}

export function toMessageType(entity: Message): MessageType {
  return {
    id: entity.id,
    channel: entity.channel,
    provider: entity.provider ?? null,
    recipient: entity.recipient,
    status: entity.status,
    dryRun: entity.dryRun ?? false,
    text: entity.content?.text ?? null,
    subject: entity.content?.subject ?? null,
    templateName: entity.content?.template?.name ?? null,
    idempotencyKey: entity.idempotencyKey ?? null,
    providerMessageId: entity.providerMessageId ?? null,
    error: entity.errorCode
      ? {
          code: entity.errorCode,
          message: entity.errorMessage ?? entity.errorCode,
          providerCode: entity.providerErrorCode ?? null,
        }
      : null,
    attempts: entity.attempts ?? 0,
    campaign: entity.campaign ? { id: entity.campaign } : null,
    connection: entity.connection ? { id: entity.connection } : null,
    createdAt: entity.createdAt,
    sentAt: entity.sentAt ?? null,
    deliveredAt: entity.deliveredAt ?? null,
    readAt: entity.readAt ?? null,
    failedAt: entity.failedAt ?? null,
  };
}
