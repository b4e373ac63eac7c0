import { GraphQLJSONObject } from "graphql-scalars";
import { Arg, Args, Ctx, Field, ID, InputType, Mutation, Query, Resolver } from "type-graphql";
import { NotFoundError } from "../../shared/errors.js";
import { PageArgs, toPage } from "../../shared/pagination.js";
import type { OrchestrationContext } from "../loaders.js";
import { AgentService } from "./agent.service.js";
import { AgentType, toAgentType } from "./agent.type.js";

@InputType("CreateAgentInput")
export class CreateAgentInput {
  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => GraphQLJSONObject, { description: "A playbook: validated against the supergraph." })
  playbook!: Record<string, unknown>;

  @Field(() => GraphQLJSONObject, { nullable: true })
  defaultInputs?: Record<string, unknown> | null;
}

@InputType("UpdateAgentInput", { description: "Fields left out keep their value." })
export class UpdateAgentInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => GraphQLJSONObject, { nullable: true })
  playbook?: Record<string, unknown> | null;

  @Field(() => GraphQLJSONObject, { nullable: true })
  defaultInputs?: Record<string, unknown> | null;
}

@Resolver(() => AgentType)
export class AgentResolver {
  @Query(() => [AgentType])
  async agents(@Args() args: PageArgs, @Ctx() ctx: OrchestrationContext): Promise<AgentType[]> {
    return (await new AgentService(ctx.em, ctx.viewer, ctx.apiSchema).list(toPage(args))).map(
      toAgentType,
    );
  }

  @Query(() => AgentType, { nullable: true })
  async agent(@Arg("id", () => ID) id: string, @Ctx() ctx: OrchestrationContext) {
    const entity = await ctx.loaders.agentById.load(id);
    return entity ? toAgentType(entity) : null;
  }

  @Mutation(() => AgentType)
  async createAgent(
    @Arg("input", () => CreateAgentInput) input: CreateAgentInput,
    @Ctx() ctx: OrchestrationContext,
  ): Promise<AgentType> {
    return toAgentType(await new AgentService(ctx.em, ctx.viewer, ctx.apiSchema).create(input));
  }

  @Mutation(() => AgentType)
  async updateAgent(
    @Arg("id", () => ID) id: string,
    @Arg("input", () => UpdateAgentInput) input: UpdateAgentInput,
    @Ctx() ctx: OrchestrationContext,
  ): Promise<AgentType> {
    const entity = await ctx.loaders.agentById.load(id);
    if (!entity) {
      throw new NotFoundError("Agent");
    }
    return toAgentType(
      await new AgentService(ctx.em, ctx.viewer, ctx.apiSchema).update(entity, input),
    );
  }
}
