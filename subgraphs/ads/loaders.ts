import type { EntityManager } from "@mikro-orm/postgresql";
import type { Viewer } from "../../platform/auth/viewer.js";
import { AdCampaign } from "../../orm/entities/index.js";
import { createCountLoader, createMoneySumLoader } from "../shared/aggregate-loaders.js";
import { createByIdLoader } from "../shared/by-id-loader.js";
import type { SubgraphContext } from "../shared/context.js";

export function createAdsLoaders(em: EntityManager, viewer: Viewer) {
  const workspaceId = viewer.workspaceId;
  return {
    adCampaignById: createByIdLoader<AdCampaign>(em, AdCampaign, workspaceId),
    adCampaignCountByCampaign: createCountLoader(em, AdCampaign, "campaign", workspaceId),
    adCampaignCountByConnection: createCountLoader(em, AdCampaign, "connection", workspaceId),
    adSpendByCampaign: createMoneySumLoader(
      em,
      AdCampaign,
      { groupBy: "campaign", amount: "spendMicros", currency: "currency" },
      workspaceId,
    ),
  };
}

export type AdsContext = SubgraphContext<ReturnType<typeof createAdsLoaders>>;
