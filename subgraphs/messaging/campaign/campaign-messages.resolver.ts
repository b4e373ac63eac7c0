import { Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import { CampaignRef } from "../stubs.js";
import type { EntityRef } from "../../shared/entity-stubs.js";
import type { MessagingContext } from "../loaders.js";

@Resolver(() => CampaignRef)
export class CampaignMessagesResolver {
  @FieldResolver(() => Int, {
    description: "Messages sent for this campaign (messaging subgraph).",
  })
  messageCount(@Root() campaign: EntityRef, @Ctx() ctx: MessagingContext): Promise<number> {
    return ctx.loaders.messageCountByCampaign.load(campaign.id);
  }
}
