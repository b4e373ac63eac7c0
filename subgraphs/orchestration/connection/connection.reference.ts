import type { OrchestrationContext } from "../loaders.js";
import { toConnectionType } from "./connection.type.js";

export async function resolveConnectionReference(ref: { id: string }, ctx: OrchestrationContext) {
  const entity = await ctx.loaders.connectionById.load(ref.id);
  return entity ? toConnectionType(entity) : null;
}
