import type { OrchestrationContext } from "../loaders.js";
import { toAgentType } from "./agent.type.js";

export async function resolveAgentReference(ref: { id: string }, ctx: OrchestrationContext) {
  const entity = await ctx.loaders.agentById.load(ref.id);
  return entity ? toAgentType(entity) : null;
}
