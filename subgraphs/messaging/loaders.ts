import type { EntityManager } from "@mikro-orm/postgresql";
import type { Viewer } from "../../platform/auth/viewer.js";
import { Message } from "../../orm/entities/index.js";
import { createCountLoader } from "../shared/aggregate-loaders.js";
import { createByIdLoader } from "../shared/by-id-loader.js";
import type { SubgraphContext } from "../shared/context.js";

const REAL = `"dry_run" = false`;

export function createMessagingLoaders(em: EntityManager, viewer: Viewer) {
  return {
    messageById: createByIdLoader<Message>(em, Message, viewer.workspaceId),
    // Dry runs' messages went to sandboxes: they are not counted as sent.
    messageCountByCampaign: createCountLoader(em, Message, "campaign", viewer.workspaceId, REAL),
    messageCountByConnection: createCountLoader(
      em,
      Message,
      "connection",
      viewer.workspaceId,
      REAL,
    ),
  };
}

export type MessagingContext = SubgraphContext<ReturnType<typeof createMessagingLoaders>>;
