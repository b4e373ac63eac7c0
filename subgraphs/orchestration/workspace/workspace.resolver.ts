import { Ctx, Query, Resolver } from "type-graphql";
import { NotFoundError } from "../../shared/errors.js";
import type { OrchestrationContext } from "../loaders.js";
import { toWorkspaceType, WorkspaceType } from "./workspace.type.js";

@Resolver(() => WorkspaceType)
export class WorkspaceResolver {
  @Query(() => WorkspaceType, { description: "The caller's workspace." })
  async workspace(@Ctx() ctx: OrchestrationContext): Promise<WorkspaceType> {
    const entity = await ctx.loaders.workspaceById.load(ctx.viewer.workspaceId);
    if (!entity) {
      throw new NotFoundError("Workspace");
    }
    return toWorkspaceType(entity);
  }
}
