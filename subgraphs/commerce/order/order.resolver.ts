import { Arg, Args, Ctx, ID, Query, Resolver } from "type-graphql";
import { Order } from "../../../orm/entities/index.js";
import { listInWorkspace } from "../../shared/list-in-workspace.js";
import { PageArgs, toPage } from "../../shared/pagination.js";
import type { CommerceContext } from "../loaders.js";
import { OrderType, toOrderType } from "./order.type.js";

@Resolver(() => OrderType)
export class OrderResolver {
  @Query(() => [OrderType], { description: "The workspace's shop orders, newest first." })
  async orders(@Args() args: PageArgs, @Ctx() ctx: CommerceContext): Promise<OrderType[]> {
    return (await listInWorkspace<Order>(ctx.em, Order, ctx.viewer, toPage(args))).map(toOrderType);
  }

  @Query(() => OrderType, { nullable: true })
  async order(@Arg("id", () => ID) id: string, @Ctx() ctx: CommerceContext) {
    const entity = await ctx.loaders.orderById.load(id);
    return entity ? toOrderType(entity) : null;
  }
}
