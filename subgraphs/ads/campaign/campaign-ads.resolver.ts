import { Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import { CampaignRef } from "../stubs.js";
import type { EntityRef } from "../../shared/entity-stubs.js";
import { MoneyType } from "../../shared/money.type.js";
import type { AdsContext } from "../loaders.js";

@Resolver(() => CampaignRef)
export class CampaignAdsResolver {
  @FieldResolver(() => Int, { description: "Ad campaigns run for this campaign (ads subgraph)." })
  adCampaignCount(@Root() campaign: EntityRef, @Ctx() ctx: AdsContext): Promise<number> {
    return ctx.loaders.adCampaignCountByCampaign.load(campaign.id);
  }

  @FieldResolver(() => [MoneyType], { description: "Ad spend so far, one total per currency." })
  adSpend(@Root() campaign: EntityRef, @Ctx() ctx: AdsContext): Promise<MoneyType[]> {
    return ctx.loaders.adSpendByCampaign.load(campaign.id);
  }
}
