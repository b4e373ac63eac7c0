import { Field, ID, ObjectType } from "type-graphql";
import type { Suppression } from "../../../orm/entities/index.js";
import { MessageChannel } from "../message/message.type.js";

@ObjectType("Suppression", { description: "A recipient who opted out of a channel." })
export class SuppressionType {
  @Field(() => ID)
  id!: string;

  @Field(() => MessageChannel)
  channel!: MessageChannel;

  @Field()
  address!: string;

  @Field({ description: "STOP, UNSUBSCRIBE, SPAM_REPORT, PROVIDER_OPT_OUT, …" })
  reason!: string;

  @Field(() => String, { nullable: true })
  provider!: string | null;

  @Field()
  createdAt!: Date;
}

export function toSuppressionType(entity: Suppression): SuppressionType {
  return {
    id: entity.id,
    channel: entity.channel,
    address: entity.address,
    reason: entity.reason,
    provider: entity.provider ?? null,
    createdAt: entity.createdAt,
  };
}
