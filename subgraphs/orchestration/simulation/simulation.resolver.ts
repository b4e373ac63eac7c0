import { GraphQLJSONObject } from "graphql-scalars";
import { Arg, Ctx, ID, Int, Query, Resolver } from "type-graphql";
import type { Campaign } from "../../../orm/entities/index.js";
import { BadUserInputError, NotFoundError } from "../../shared/errors.js";
import type { OrchestrationContext } from "../loaders.js";
import type { RatesOverrides } from "./channel-rates.js";
import {
  simulateCampaign,
  SimulationInputError,
  type SimulationChannelInput as EngineChannel,
} from "./simulate.js";
import { CampaignForecastType, SimulationChannelInput } from "./simulation.type.js";

const PHONE = /^\+[1-9]\d{6,14}$/;

/** Without explicit channels: SMS or email per recipient (whichever field it has), plus ads on the budget. */
function channelsOf(campaign: Campaign): EngineChannel[] {
  const currency = campaign.budgetCurrency;
  let sms = 0;
  let email = 0;
  for (const recipient of campaign.audience ?? []) {
    if (Object.values(recipient).some(value => PHONE.test(value))) {
      sms += 1;
    } else if (Object.values(recipient).some(value => value.includes("@"))) {
      email += 1;
    }
  }
  const channels: EngineChannel[] = [];
  if (sms) {
    channels.push({ channel: "SMS", audienceSize: sms, currency });
  }
  if (email) {
    channels.push({ channel: "EMAIL", audienceSize: email, currency });
  }
  if (campaign.budgetMicros > 0) {
    channels.push({ channel: "ADS", budgetMicros: campaign.budgetMicros, currency });
  }
  return channels;
}

@Resolver(() => CampaignForecastType)
export class SimulationResolver {
  @Query(() => CampaignForecastType, {
    description:
      "Forecasts a campaign per channel (expected, p10, p50, p90) before anything is sent. Without `channels`, SMS or email per recipient and ads on the budget.",
  })
  async simulateCampaign(
    @Arg("campaignId", () => ID) campaignId: string,
    @Arg("seed") seed: string,
    @Arg("runs", () => Int, { defaultValue: 1_000 }) runs: number,
    @Arg("channels", () => [SimulationChannelInput], { nullable: true })
    channels: SimulationChannelInput[] | null,
    @Arg("rates", () => GraphQLJSONObject, {
      nullable: true,
      description: "Per-channel rate overrides.",
    })
    rates: Record<string, unknown> | null,
    @Ctx() ctx: OrchestrationContext,
  ): Promise<CampaignForecastType> {
    const campaign = await ctx.loaders.campaignById.load(campaignId);
    if (!campaign) {
      throw new NotFoundError("Campaign");
    }
    const input = channels
      ? channels.map(entry => ({ ...entry, currency: campaign.budgetCurrency }))
      : channelsOf(campaign);
    try {
      const result = simulateCampaign(
        { channels: input },
        { seed, runs, ...(rates ? { rates: rates as RatesOverrides } : {}) },
      );
      return { ...result, total: { channel: null, ...result.total } };
    } catch (error) {
      if (error instanceof SimulationInputError) {
        throw new BadUserInputError(error.field, error.reason);
      }
      throw error;
    }
  }
}
