import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { Execution } from "../../../orm/entities/index.js";
import { listInWorkspace } from "../../shared/list-in-workspace.js";
import { PageArgs, toPage } from "../../shared/pagination.js";
import { AgentType, toAgentType } from "../agent/agent.type.js";
import { CampaignType, toCampaignType } from "../campaign/campaign.type.js";
import type { OrchestrationContext } from "../loaders.js";
import { ExecutionType, toExecutionType } from "./execution.type.js";

@Resolver(() => ExecutionType)
export class ExecutionResolver {
  @Query(() => [ExecutionType], { description: "The workspace's executions, newest first." })
  async executions(
    @Args() args: PageArgs,
    @Ctx() ctx: OrchestrationContext,
  ): Promise<ExecutionType[]> {
    const rows = await listInWorkspace<Execution>(ctx.em, Execution, ctx.viewer, toPage(args));
    return rows.map(toExecutionType);
  }

  @Query(() => ExecutionType, { nullable: true })
  async execution(@Arg("id", () => ID) id: string, @Ctx() ctx: OrchestrationContext) {
    const entity = await ctx.loaders.executionById.load(id);
    return entity ? toExecutionType(entity) : null;
  }

  @FieldResolver(() => AgentType, { nullable: true })
  async agent(@Root() execution: ExecutionType, @Ctx() ctx: OrchestrationContext) {
    const entity = execution.agentId ? await ctx.loaders.agentById.load(execution.agentId) : null;
    return entity ? toAgentType(entity) : null;
  }

  @FieldResolver(() => CampaignType, { nullable: true })
  async campaign(@Root() execution: ExecutionType, @Ctx() ctx: OrchestrationContext) {
    const entity = execution.campaignId
      ? await ctx.loaders.campaignById.load(execution.campaignId)
      : null;
    return entity ? toCampaignType(entity) : null;
  }
}
