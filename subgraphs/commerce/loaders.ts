import type { EntityManager } from "@mikro-orm/postgresql";
import type { Viewer } from "../../platform/auth/viewer.js";
import { Order } from "../../orm/entities/index.js";
import { createCountLoader, createMoneySumLoader } from "../shared/aggregate-loaders.js";
import { createByIdLoader } from "../shared/by-id-loader.js";
import type { SubgraphContext } from "../shared/context.js";

export function createCommerceLoaders(em: EntityManager, viewer: Viewer) {
  const workspaceId = viewer.workspaceId;
  return {
    orderById: createByIdLoader<Order>(em, Order, workspaceId),
    orderCountByCampaign: createCountLoader(em, Order, "campaign", workspaceId),
    orderCountByConnection: createCountLoader(em, Order, "connection", workspaceId),
    revenueByCampaign: createMoneySumLoader(
      em,
      Order,
      { groupBy: "campaign", amount: "totalMicros", currency: "currency" },
      workspaceId,
    ),
  };
}

export type CommerceContext = SubgraphContext<ReturnType<typeof createCommerceLoaders>>;
