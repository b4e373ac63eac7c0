import type { AdsContext } from "../loaders.js";
import { toAdCampaignType } from "./ad-campaign.type.js";

export async function resolveAdCampaignReference(ref: { id: string }, ctx: AdsContext) {
  const entity = await ctx.loaders.adCampaignById.load(ref.id);
  return entity ? toAdCampaignType(entity) : null;
}
