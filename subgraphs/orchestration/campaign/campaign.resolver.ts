import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { NotFoundError } from "../../shared/errors.js";
import { PageArgs, toPage } from "../../shared/pagination.js";
import type { OrchestrationContext } from "../loaders.js";
import { toWorkspaceType, WorkspaceType } from "../workspace/workspace.type.js";
import { CreateCampaignInput, UpdateCampaignInput } from "./campaign.inputs.js";
import { CampaignService } from "./campaign.service.js";
import { CampaignType, toCampaignType } from "./campaign.type.js";

@Resolver(() => CampaignType)
export class CampaignResolver {
  @Query(() => [CampaignType], { description: "The workspace's campaigns, newest first." })
  async campaigns(
    @Args() args: PageArgs,
    @Ctx() ctx: OrchestrationContext,
  ): Promise<CampaignType[]> {
    const rows = await new CampaignService(ctx.em, ctx.viewer, ctx.apiSchema).list(toPage(args));
    return rows.map(toCampaignType);
  }

  @Query(() => CampaignType, {
    nullable: true,
    description: "A campaign by id; null when unknown.",
  })
  async campaign(@Arg("id", () => ID) id: string, @Ctx() ctx: OrchestrationContext) {
    const entity = await ctx.loaders.campaignById.load(id);
    return entity ? toCampaignType(entity) : null;
  }

  @Mutation(() => CampaignType)
  async createCampaign(
    @Arg("input", () => CreateCampaignInput) input: CreateCampaignInput,
    @Ctx() ctx: OrchestrationContext,
  ): Promise<CampaignType> {
    return toCampaignType(
      await new CampaignService(ctx.em, ctx.viewer, ctx.apiSchema).create(input),
    );
  }

  @Mutation(() => CampaignType)
  async updateCampaign(
    @Arg("id", () => ID) id: string,
    @Arg("input", () => UpdateCampaignInput) input: UpdateCampaignInput,
    @Ctx() ctx: OrchestrationContext,
  ): Promise<CampaignType> {
    const entity = await ctx.loaders.campaignById.load(id);
    if (!entity) {
      throw new NotFoundError("Campaign");
    }
    return toCampaignType(
      await new CampaignService(ctx.em, ctx.viewer, ctx.apiSchema).update(entity, input),
    );
  }

  @FieldResolver(() => WorkspaceType)
  async workspace(@Root() campaign: CampaignType, @Ctx() ctx: OrchestrationContext) {
    const entity = await ctx.loaders.workspaceById.load(campaign.workspaceId);
    if (!entity) {
      throw new NotFoundError("Workspace");
    }
    return toWorkspaceType(entity);
  }
}
