import { buildFederatedSchema } from "../shared/build-federated-schema.js";
import { CampaignRef, ConnectionRef } from "./stubs.js";
import { resolveAdCampaignReference } from "./ad-campaign/ad-campaign.reference.js";
import { AdCampaignResolver } from "./ad-campaign/ad-campaign.resolver.js";
import { CampaignAdsResolver } from "./campaign/campaign-ads.resolver.js";
import { ConnectionAdsResolver } from "./connection/connection-ads.resolver.js";

/** The ads subgraph: ad campaigns, and their counts and spend on campaigns and connections. */
export function buildAdsSchema() {
  return buildFederatedSchema({
    resolvers: [AdCampaignResolver, CampaignAdsResolver, ConnectionAdsResolver],
    orphanedTypes: [CampaignRef, ConnectionRef],
    references: { AdCampaign: { __resolveReference: resolveAdCampaignReference } },
  });
}
