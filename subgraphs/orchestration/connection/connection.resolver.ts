import { Arg, Args, Ctx, ID, Query, Resolver } from "type-graphql";
import { Connection } from "../../../orm/entities/index.js";
import { listInWorkspace } from "../../shared/list-in-workspace.js";
import { PageArgs, toPage } from "../../shared/pagination.js";
import type { OrchestrationContext } from "../loaders.js";
import { ConnectionType, toConnectionType } from "./connection.type.js";

@Resolver(() => ConnectionType)
export class ConnectionResolver {
  @Query(() => [ConnectionType], { description: "The workspace's provider connections." })
  async connections(
    @Args() args: PageArgs,
    @Ctx() ctx: OrchestrationContext,
  ): Promise<ConnectionType[]> {
    const rows = await listInWorkspace<Connection>(ctx.em, Connection, ctx.viewer, toPage(args));
    return rows.map(toConnectionType);
  }

  @Query(() => ConnectionType, { nullable: true })
  async connection(@Arg("id", () => ID) id: string, @Ctx() ctx: OrchestrationContext) {
    const entity = await ctx.loaders.connectionById.load(id);
    return entity ? toConnectionType(entity) : null;
  }
}
