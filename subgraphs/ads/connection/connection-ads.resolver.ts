import { Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import { ConnectionRef } from "../stubs.js";
import type { EntityRef } from "../../shared/entity-stubs.js";
import type { AdsContext } from "../loaders.js";

@Resolver(() => ConnectionRef)
export class ConnectionAdsResolver {
  @FieldResolver(() => Int, { description: "Ad campaigns run through this connection." })
  adCampaignCount(@Root() connection: EntityRef, @Ctx() ctx: AdsContext): Promise<number> {
    return ctx.loaders.adCampaignCountByConnection.load(connection.id);
  }
}
