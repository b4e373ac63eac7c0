import type { OrchestrationContext } from "../loaders.js";
import { toWorkspaceType } from "./workspace.type.js";

export async function resolveWorkspaceReference(ref: { id: string }, ctx: OrchestrationContext) {
  const entity = await ctx.loaders.workspaceById.load(ref.id);
  return entity ? toWorkspaceType(entity) : null;
}
