import type { SocialContext } from "../loaders.js";
import { toPostType } from "./post.type.js";

export async function resolvePostReference(ref: { id: string }, ctx: SocialContext) {
  const entity = await ctx.loaders.postById.load(ref.id);
  return entity ? toPostType(entity) : null;
}
