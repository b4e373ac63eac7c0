import { ArgsType, Field, ID, Int } from "type-graphql";
import { BadUserInputError } from "./errors.js";
import { isUuid } from "./validation.js";

export const MAX_PAGE_SIZE = 1_000;

/**
 * Keyset pagination over time-ordered (UUIDv7) ids: newest first, `after` is the last id seen.
 * Pages stay stable while rows are inserted, and cost the same at any depth.
 */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 50, description: `Page size, 1 to ${MAX_PAGE_SIZE}.` })
  first = 50;

  @Field(() => ID, {
    nullable: true,
    description: "Return items after this id (the last one seen).",
  })
  after?: string | null;
}

export interface Page {
  limit: number;
  /** A filter on `id` to spread into a MikroORM `where`, empty on the first page. */
  idFilter: { id?: { $lt: string } };
}

export function toPage(args: PageArgs): Page {
  if (!Number.isInteger(args.first) || args.first < 1 || args.first > MAX_PAGE_SIZE) {
    throw new BadUserInputError("first", `must be between 1 and ${MAX_PAGE_SIZE}`);
  }
  if (args.after != null && !isUuid(args.after)) {
    throw new BadUserInputError("after", "is not a valid id");
  }
  return {
    limit: args.first,
    idFilter: args.after ? { id: { $lt: args.after.toLowerCase() } } : {},
  };
}
