import type { MessagingContext } from "../loaders.js";
import { toMessageType } from "./message.type.js";

export async function resolveMessageReference(ref: { id: string }, ctx: MessagingContext) {
  const entity = await ctx.loaders.messageById.load(ref.id);
  return entity ? toMessageType(entity) : null;
}
