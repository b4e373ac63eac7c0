import type { OrchestrationContext } from "../loaders.js";
import { toExecutionType } from "./execution.type.js";

export async function resolveExecutionReference(ref: { id: string }, ctx: OrchestrationContext) {
  const entity = await ctx.loaders.executionById.load(ref.id);
  return entity ? toExecutionType(entity) : null;
}
