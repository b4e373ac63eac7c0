import { SafeIntResolver } from "graphql-scalars";
import { Field, Float, InputType, Int, ObjectType } from "type-graphql";
import { graphqlEnum } from "../../shared/enum.js";
import { CHANNELS, type Channel } from "./channel-rates.js";
import type { Funnel } from "./funnel.js";

export const SimulationChannel = graphqlEnum(CHANNELS, "SimulationChannel");
export type SimulationChannel = Channel;

@InputType("SimulationChannelInput")
export class SimulationChannelInput {
  @Field(() => SimulationChannel)
  channel!: SimulationChannel;

  @Field(() => Int, { nullable: true, description: "Messaging: recipients. ADS: a reach cap." })
  audienceSize?: number | null;

  @Field(() => Int, { nullable: true, description: "SOCIAL: posts to publish." })
  posts?: number | null;

  @Field(() => SafeIntResolver, { nullable: true, description: "ADS: the budget in micros." })
  budgetMicros?: number | null;
}

@ObjectType("Funnel", {
  description: "sent → delivered → opened (read, viewed) → clicked → converted, and spend.",
})
export class FunnelType {
  @Field(() => Float)
  sent!: number;

  @Field(() => Float)
  delivered!: number;

  @Field(() => Float, { description: "Opened, read or viewed." })
  opened!: number;

  @Field(() => Float)
  clicked!: number;

  @Field(() => Float)
  converted!: number;

  @Field(() => Float, { description: "In micros of the forecast's currency." })
  spendMicros!: number;
}

@ObjectType("ChannelForecast")
export class ChannelForecastType {
  @Field(() => SimulationChannel, { nullable: true, description: "Null for the total." })
  channel!: SimulationChannel | null;

  @Field(() => FunnelType, { description: "The analytic expectation." })
  expected!: Funnel;

  @Field(() => FunnelType, { description: "10th percentile over the runs (nearest rank)." })
  p10!: Funnel;

  @Field(() => FunnelType)
  p50!: Funnel;

  @Field(() => FunnelType)
  p90!: Funnel;
}

@ObjectType("CampaignForecast", {
  description: "A seeded Monte Carlo forecast: the same inputs and seed give the same numbers.",
})
export class CampaignForecastType {
  @Field()
  seed!: string;

  @Field(() => Int)
  runs!: number;

  @Field()
  currency!: string;

  @Field(() => [ChannelForecastType])
  channels!: ChannelForecastType[];

  @Field(() => ChannelForecastType)
  total!: ChannelForecastType;
}
