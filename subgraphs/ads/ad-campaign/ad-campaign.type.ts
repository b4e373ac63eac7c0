import { Directive, Field, ID, ObjectType } from "type-graphql";
import { AD_CAMPAIGN_STATUSES, type AdCampaign } from "../../../orm/entities/ad-campaign.entity.js";
import { CampaignRef, ConnectionRef } from "../stubs.js";
import type { EntityRef } from "../../shared/entity-stubs.js";
import { money, MoneyType } from "../../shared/money.type.js";
import { graphqlEnum } from "../../shared/enum.js";

export type AdCampaignStatus = (typeof AD_CAMPAIGN_STATUSES)[number];
export const AdCampaignStatus = graphqlEnum(AD_CAMPAIGN_STATUSES, "AdCampaignStatus");

@Directive('@key(fields: "id")')
@ObjectType("AdCampaign", {
  description: "A campaign on one ad platform, with its budget and spend.",
})
export class AdCampaignType {
  @Field(() => ID)
  id!: string;

  @Field({ description: "Ad platform key, such as google_ads or meta_ads." })
  platform!: string;

  @Field()
  name!: string;

  @Field(() => AdCampaignStatus)
  status!: AdCampaignStatus;

  @Field(() => MoneyType)
  dailyBudget!: MoneyType;

  @Field(() => MoneyType)
  spend!: MoneyType;

  @Field(() => CampaignRef, { nullable: true })
  campaign!: EntityRef | null;

  @Field(() => ConnectionRef, { nullable: true })
  connection!: EntityRef | null;

  @Field()
  createdAt!: Date;
}

export function toAdCampaignType(entity: AdCampaign): AdCampaignType {
  return {
    id: entity.id,
    platform: entity.platform,
    name: entity.name,
    status: entity.status,
    dailyBudget: money(entity.dailyBudgetMicros, entity.currency),
    spend: money(entity.spendMicros, entity.currency),
    campaign: entity.campaign ? { id: entity.campaign } : null,
    connection: entity.connection ? { id: entity.connection } : null,
    createdAt: entity.createdAt,
  };
}
