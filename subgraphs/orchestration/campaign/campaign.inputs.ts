import { GraphQLJSONObject } from "graphql-scalars";
import { Field, InputType } from "type-graphql";
import { MoneyInput } from "../../shared/money.type.js";
import { CampaignObjective, CampaignStatus } from "./campaign.type.js";

@InputType("CreateCampaignInput")
export class CreateCampaignInput {
  @Field()
  name!: string;

  @Field(() => CampaignObjective)
  objective!: CampaignObjective;

  @Field(() => MoneyInput)
  budget!: MoneyInput;

  @Field(() => Date, { nullable: true })
  startsAt?: Date | null;

  @Field(() => Date, { nullable: true })
  endsAt?: Date | null;

  @Field(() => [GraphQLJSONObject], {
    nullable: true,
    description: "Recipients: objects of text fields (`to`, `name`, `email`…), at most 10,000.",
  })
  audience?: Array<Record<string, unknown>> | null;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: "Validated against the supergraph.",
  })
  playbook?: Record<string, unknown> | null;
}

@InputType("UpdateCampaignInput", { description: "Fields left out keep their value." })
export class UpdateCampaignInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => CampaignStatus, { nullable: true })
  status?: CampaignStatus | null;

  @Field(() => MoneyInput, { nullable: true })
  budget?: MoneyInput | null;

  @Field(() => Date, { nullable: true })
  startsAt?: Date | null;

  @Field(() => Date, { nullable: true })
  endsAt?: Date | null;

  @Field(() => [GraphQLJSONObject], { nullable: true })
  audience?: Array<Record<string, unknown>> | null;

  @Field(() => GraphQLJSONObject, { nullable: true })
  playbook?: Record<string, unknown> | null;
}
