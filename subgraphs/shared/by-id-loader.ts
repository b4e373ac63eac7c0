import type { EntityName } from "@mikro-orm/core";
import type { EntityManager } from "@mikro-orm/postgresql";
import DataLoader from "dataloader";
import { isUuid } from "./validation.js";

/**
 * One query per batch of ids, restricted to the viewer's workspace: an id from another
 * workspace (or a malformed one) resolves to null, exactly like an unknown id.
 */
export function createByIdLoader<T extends { id: string }>(
  em: EntityManager,
  entity: EntityName<T>,
  workspaceId: string,
): DataLoader<string, T | null> {
  return new DataLoader<string, T | null>(async ids => {
    const valid = [...new Set(ids.filter(isUuid).map(id => id.toLowerCase()))];
    const rows = valid.length
      ? await em.find(entity, { id: { $in: valid }, workspace: workspaceId } as never)
      : [];
    const byId = new Map(rows.map(row => [row.id, row]));
    return ids.map(id => byId.get(id.toLowerCase()) ?? null);
  });
}
