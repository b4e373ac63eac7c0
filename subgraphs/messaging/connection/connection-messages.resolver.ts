import { Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import { ConnectionRef } from "../stubs.js";
import type { EntityRef } from "../../shared/entity-stubs.js";
import type { MessagingContext } from "../loaders.js";

@Resolver(() => ConnectionRef)
export class ConnectionMessagesResolver {
  @FieldResolver(() => Int, { description: "Messages sent through this connection." })
  messageCount(@Root() connection: EntityRef, @Ctx() ctx: MessagingContext): Promise<number> {
    return ctx.loaders.messageCountByConnection.load(connection.id);
  }
}
