import type { CommerceContext } from "../loaders.js";
import { toOrderType } from "./order.type.js";

export async function resolveOrderReference(ref: { id: string }, ctx: CommerceContext) {
  const entity = await ctx.loaders.orderById.load(ref.id);
  return entity ? toOrderType(entity) : null;
}
