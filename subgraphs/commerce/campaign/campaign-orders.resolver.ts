import { Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import { CampaignRef } from "../stubs.js";
import type { EntityRef } from "../../shared/entity-stubs.js";
import { MoneyType } from "../../shared/money.type.js";
import type { CommerceContext } from "../loaders.js";

@Resolver(() => CampaignRef)
export class CampaignOrdersResolver {
  @FieldResolver(() => Int, {
    description: "Orders attributed to this campaign (commerce subgraph).",
  })
  orderCount(@Root() campaign: EntityRef, @Ctx() ctx: CommerceContext): Promise<number> {
    return ctx.loaders.orderCountByCampaign.load(campaign.id);
  }

  @FieldResolver(() => [MoneyType], { description: "Attributed revenue, one total per currency." })
  attributedRevenue(
    @Root() campaign: EntityRef,
    @Ctx() ctx: CommerceContext,
  ): Promise<MoneyType[]> {
    return ctx.loaders.revenueByCampaign.load(campaign.id);
  }
}
