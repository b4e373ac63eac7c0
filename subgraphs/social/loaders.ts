import type { EntityManager } from "@mikro-orm/postgresql";
import type { Viewer } from "../../platform/auth/viewer.js";
import { Post } from "../../orm/entities/index.js";
import { createCountLoader } from "../shared/aggregate-loaders.js";
import { createByIdLoader } from "../shared/by-id-loader.js";
import type { SubgraphContext } from "../shared/context.js";

export function createSocialLoaders(em: EntityManager, viewer: Viewer) {
  return {
    postById: createByIdLoader<Post>(em, Post, viewer.workspaceId),
    postCountByCampaign: createCountLoader(em, Post, "campaign", viewer.workspaceId),
    postCountByConnection: createCountLoader(em, Post, "connection", viewer.workspaceId),
  };
}

export type SocialContext = SubgraphContext<ReturnType<typeof createSocialLoaders>>;
