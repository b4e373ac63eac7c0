import { Directive, Field, ID, ObjectType } from "type-graphql";
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

@Directive('@key(fields: "id")')
@ObjectType("Message", { description: "One outbound message on a messaging channel." })
export class MessageType {
  @Field(() => ID)
  id!: string;

  @Field(() => MessageChannel)
  channel!: MessageChannel;

  @Field()
  recipient!: string;

  @Field(() => MessageStatus)
  status!: MessageStatus;

  @Field(() => CampaignRef, { nullable: true })
  campaign!: EntityRef | null;

  @Field(() => ConnectionRef, { nullable: true })
  connection!: EntityRef | null;

  @Field()
  createdAt!: Date;
}

export function toMessageType(entity: Message): MessageType {
  return {
    id: entity.id,
    channel: entity.channel,
    recipient: entity.recipient,
    status: entity.status,
    campaign: entity.campaign ? { id: entity.campaign } : null,
    connection: entity.connection ? { id: entity.connection } : null,
    createdAt: entity.createdAt,
  };
}
