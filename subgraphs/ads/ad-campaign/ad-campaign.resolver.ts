import { Arg, Args, Ctx, ID, Query, Resolver } from "type-graphql";
import { AdCampaign } from "../../../orm/entities/index.js";
import { listInWorkspace } from "../../shared/list-in-workspace.js";
import { PageArgs, toPage } from "../../shared/pagination.js";
import type { AdsContext } from "../loaders.js";
import { AdCampaignType, toAdCampaignType } from "./ad-campaign.type.js";

@Resolver(() => AdCampaignType)
export class AdCampaignResolver {
  @Query(() => [AdCampaignType], { description: "The workspace's ad campaigns, newest first." })
  async adCampaigns(@Args() args: PageArgs, @Ctx() ctx: AdsContext): Promise<AdCampaignType[]> {
    const rows = await listInWorkspace<AdCampaign>(ctx.em, AdCampaign, ctx.viewer, toPage(args));
    return rows.map(toAdCampaignType);
  }

  @Query(() => AdCampaignType, { nullable: true })
  async adCampaign(@Arg("id", () => ID) id: string, @Ctx() ctx: AdsContext) {
    const entity = await ctx.loaders.adCampaignById.load(id);
    return entity ? toAdCampaignType(entity) : null;
  }
}
