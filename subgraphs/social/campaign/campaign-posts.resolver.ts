import { Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import { CampaignRef } from "../stubs.js";
import type { EntityRef } from "../../shared/entity-stubs.js";
import type { SocialContext } from "../loaders.js";

@Resolver(() => CampaignRef)
export class CampaignPostsResolver {
  @FieldResolver(() => Int, { description: "Social posts for this campaign (social subgraph)." })
  postCount(@Root() campaign: EntityRef, @Ctx() ctx: SocialContext): Promise<number> {
    return ctx.loaders.postCountByCampaign.load(campaign.id);
  }
}
