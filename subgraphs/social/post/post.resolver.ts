import { Arg, Args, Ctx, ID, Query, Resolver } from "type-graphql";
import { Post } from "../../../orm/entities/index.js";
import { listInWorkspace } from "../../shared/list-in-workspace.js";
import { PageArgs, toPage } from "../../shared/pagination.js";
import type { SocialContext } from "../loaders.js";
import { PostType, toPostType } from "./post.type.js";

@Resolver(() => PostType)
export class PostResolver {
  @Query(() => [PostType], { description: "The workspace's social posts, newest first." })
  async posts(@Args() args: PageArgs, @Ctx() ctx: SocialContext): Promise<PostType[]> {
    return (await listInWorkspace<Post>(ctx.em, Post, ctx.viewer, toPage(args))).map(toPostType);
  }

  @Query(() => PostType, { nullable: true })
  async post(@Arg("id", () => ID) id: string, @Ctx() ctx: SocialContext) {
    const entity = await ctx.loaders.postById.load(id);
    return entity ? toPostType(entity) : null;
  }
}
