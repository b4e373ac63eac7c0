import type { OrchestrationContext } from "../loaders.js";
import { toCampaignType } from "./campaign.type.js";

export async function resolveCampaignReference(ref: { id: string }, ctx: OrchestrationContext) {
  const entity = await ctx.loaders.campaignById.load(ref.id);
  return entity ? toCampaignType(entity) : null;
}
