import { Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import { ConnectionRef } from "../stubs.js";
import type { EntityRef } from "../../shared/entity-stubs.js";
import type { CommerceContext } from "../loaders.js";

@Resolver(() => ConnectionRef)
export class ConnectionOrdersResolver {
  @FieldResolver(() => Int, { description: "Orders imported through this connection." })
  orderCount(@Root() connection: EntityRef, @Ctx() ctx: CommerceContext): Promise<number> {
    return ctx.loaders.orderCountByConnection.load(connection.id);
  }
}
