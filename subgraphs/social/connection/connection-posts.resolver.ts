import { Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import { ConnectionRef } from "../stubs.js";
import type { EntityRef } from "../../shared/entity-stubs.js";
import type { SocialContext } from "../loaders.js";

@Resolver(() => ConnectionRef)
export class ConnectionPostsResolver {
  @FieldResolver(() => Int, { description: "Posts published through this connection." })
  postCount(@Root() connection: EntityRef, @Ctx() ctx: SocialContext): Promise<number> {
    return ctx.loaders.postCountByConnection.load(connection.id);
  }
}
