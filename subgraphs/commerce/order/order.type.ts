import { Directive, Field, ID, ObjectType } from "type-graphql";
import type { Order } from "../../../orm/entities/index.js";
import { CampaignRef, ConnectionRef } from "../stubs.js";
import type { EntityRef } from "../../shared/entity-stubs.js";
import { money, MoneyType } from "../../shared/money.type.js";

@Directive('@key(fields: "id")')
@ObjectType("Order", { description: "A shop order, attributed to a campaign when known." })
export class OrderType {
  @Field(() => ID)
  id!: string;

  @Field({ description: "The shop's own order id." })
  externalId!: string;

  @Field(() => MoneyType)
  total!: MoneyType;

  @Field()
  placedAt!: Date;

  @Field(() => CampaignRef, { nullable: true })
  campaign!: EntityRef | null;

  @Field(() => ConnectionRef, { nullable: true })
  connection!: EntityRef | null;
}

export function toOrderType(entity: Order): OrderType {
  return {
    id: entity.id,
    externalId: entity.externalId,
    total: money(entity.totalMicros, entity.currency),
    placedAt: entity.placedAt,
    campaign: entity.campaign ? { id: entity.campaign } : null,
    connection: entity.connection ? { id: entity.connection } : null,
  };
}
