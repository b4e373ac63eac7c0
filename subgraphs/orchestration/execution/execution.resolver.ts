import {
  Arg,
  Args,
  ArgsType,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
} from "type-graphql";
import { Execution, ExecutionEvent } from "../../../orm/entities/index.js";
import { BadUserInputError } from "../../shared/errors.js";
import { listInWorkspace } from "../../shared/list-in-workspace.js";
import { PageArgs, toPage } from "../../shared/pagination.js";
import { AgentType, toAgentType } from "../agent/agent.type.js";
import { CampaignType, toCampaignType } from "../campaign/campaign.type.js";
import type { OrchestrationContext } from "../loaders.js";
import { ExecutionEventType, toExecutionEventType } from "./execution-event.type.js";
import { ExecutionStepType, toExecutionStepType } from "./execution-step.type.js";
import { StartExecutionInput } from "./execution.inputs.js";
import { ExecutionService } from "./execution.service.js";
import { ExecutionStatus, ExecutionType, toExecutionType } from "./execution.type.js";

@ArgsType()
class ExecutionsArgs extends PageArgs {
  @Field(() => ExecutionStatus, { nullable: true })
  status?: ExecutionStatus | null;
}

@ArgsType()
class EventsArgs {
  @Field(() => Int, { defaultValue: 0, description: "Events after this seq." })
  afterSeq = 0;

  @Field(() => Int, { defaultValue: 100, description: "At most this many, 1 to 1000." })
  first = 100;
}

@Resolver(() => ExecutionType)
export class ExecutionResolver {
  private service(ctx: OrchestrationContext) {
    return new ExecutionService(ctx.em, ctx.viewer, ctx.executions.control);
  }

  @Query(() => [ExecutionType], { description: "The workspace's executions, newest first." })
  async executions(
    @Args() args: ExecutionsArgs,
    @Ctx() ctx: OrchestrationContext,
  ): Promise<ExecutionType[]> {
    const where = args.status ? { status: args.status } : {};
    const rows = await listInWorkspace<Execution>(
      ctx.em,
      Execution,
      ctx.viewer,
      toPage(args),
      where,
    );
    return rows.map(toExecutionType);
  }

  @Query(() => ExecutionType, { nullable: true })
  async execution(@Arg("id", () => ID) id: string, @Ctx() ctx: OrchestrationContext) {
    const entity = await ctx.loaders.executionById.load(id);
    return entity ? toExecutionType(entity) : null;
  }

  @Mutation(() => ExecutionType, {
    description: "Starts (or schedules) a run of an agent or campaign.",
  })
  async startExecution(
    @Arg("input", () => StartExecutionInput) input: StartExecutionInput,
    @Ctx() ctx: OrchestrationContext,
  ): Promise<ExecutionType> {
    return toExecutionType(await this.service(ctx).start(input));
  }

  @Mutation(() => ExecutionType, { description: "Stops an execution: no further step runs." })
  async cancelExecution(@Arg("id", () => ID) id: string, @Ctx() ctx: OrchestrationContext) {
    return toExecutionType(await this.service(ctx).steer(id, "cancel"));
  }

  @Mutation(() => ExecutionType, { description: "Holds an execution after the calls in flight." })
  async pauseExecution(@Arg("id", () => ID) id: string, @Ctx() ctx: OrchestrationContext) {
    return toExecutionType(await this.service(ctx).steer(id, "pause"));
  }

  @Mutation(() => ExecutionType)
  async resumeExecution(@Arg("id", () => ID) id: string, @Ctx() ctx: OrchestrationContext) {
    return toExecutionType(await this.service(ctx).steer(id, "resume"));
  }

  @Mutation(() => ExecutionType, {
    description: "Runs a failed execution again from its failed steps.",
  })
  async retryExecution(@Arg("id", () => ID) id: string, @Ctx() ctx: OrchestrationContext) {
    return toExecutionType(await this.service(ctx).steer(id, "retry"));
  }

  @FieldResolver(() => [ExecutionStepType])
  async steps(@Root() execution: ExecutionType, @Ctx() ctx: OrchestrationContext) {
    return (await ctx.loaders.stepsByExecution.load(execution.id)).map(toExecutionStepType);
  }

  @FieldResolver(() => [ExecutionEventType], { description: "The stored event log, in seq order." })
  async events(
    @Root() execution: ExecutionType,
    @Args() args: EventsArgs,
    @Ctx() ctx: OrchestrationContext,
  ) {
    if (args.first < 1 || args.first > 1_000 || args.afterSeq < 0) {
      throw new BadUserInputError("first", "first must be 1 to 1000 and afterSeq not negative");
    }
    const rows = await ctx.em.find(
      ExecutionEvent,
      { execution: execution.id, seq: { $gt: args.afterSeq } },
      { orderBy: { seq: "asc" }, limit: args.first },
    );
    return rows.map(toExecutionEventType);
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
