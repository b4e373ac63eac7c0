import { GraphQLJSONObject } from "graphql-scalars";
import { Directive, Field, ID, Int, ObjectType } from "type-graphql";
import {
  CAMPAIGN_OBJECTIVES,
  CAMPAIGN_STATUSES,
  type Campaign,
} from "../../../orm/entities/campaign.entity.js";
import { money, MoneyType } from "../../shared/money.type.js";
import { graphqlEnum } from "../../shared/enum.js";

export type CampaignObjective = (typeof CAMPAIGN_OBJECTIVES)[number];
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
export const CampaignObjective = graphqlEnum(CAMPAIGN_OBJECTIVES, "CampaignObjective");
export const CampaignStatus = graphqlEnum(CAMPAIGN_STATUSES, "CampaignStatus");

@Directive('@key(fields: "id")')
@ObjectType("Campaign", { description: "A marketing campaign across channels." })
export class CampaignType {
  @Field(() => ID)
  id!: string;

  workspaceId!: string;

  @Field()
  name!: string;

  @Field(() => CampaignObjective)
  objective!: CampaignObjective;

  @Field(() => CampaignStatus)
  status!: CampaignStatus;

  @Field(() => MoneyType)
  budget!: MoneyType;

  @Field(() => Date, { nullable: true })
  startsAt!: Date | null;

  @Field(() => Date, { nullable: true })
  endsAt!: Date | null;

  @Field(() => Int, { description: "Recipients in the audience." })
  audienceSize!: number;

  @Field(() => [GraphQLJSONObject])
  audience!: Array<Record<string, string>>;

  @Field(() => GraphQLJSONObject, { nullable: true, description: "The campaign's DAG of steps." })
  playbook!: Record<string, unknown> | null;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}

export function toCampaignType(entity: Campaign): CampaignType {
  return {
    id: entity.id,
    workspaceId: entity.workspace,
    name: entity.name,
    objective: entity.objective,
    status: entity.status,
    budget: money(entity.budgetMicros, entity.budgetCurrency),
    startsAt: entity.startsAt ?? null,
    endsAt: entity.endsAt ?? null,
    audienceSize: entity.audience?.length ?? 0,
    audience: entity.audience ?? [],
    playbook: entity.playbook ?? null,
    createdAt: entity.createdAt,
    updatedAt: entity.updatedAt,
  };
}
