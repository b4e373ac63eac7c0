import type { EntityName, FilterQuery } from "@mikro-orm/core";
import type { EntityManager } from "@mikro-orm/postgresql";
import type { Viewer } from "../../platform/auth/viewer.js";
import type { Page } from "./pagination.js";

/** One page of a workspace's rows, newest first (ids are time-ordered UUIDv7). */
export function listInWorkspace<T extends { id: string }>(
  em: EntityManager,
  entity: EntityName<T>,
  viewer: Viewer,
  page: Page,
  where: Record<string, unknown> = {},
): Promise<T[]> {
  const filter = { ...where, workspace: viewer.workspaceId, ...page.idFilter } as FilterQuery<T>;
  return em.find(entity, filter, {
    orderBy: { id: "desc" } as never,
    limit: page.limit,
  }) as Promise<T[]>;
}
