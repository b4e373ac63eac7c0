import { Arg, Args, ArgsType, Ctx, Field, Mutation, Query, Resolver } from "type-graphql";
import { Suppression } from "../../../orm/entities/index.js";
import { requireWriter } from "../../shared/authorization.js";
import { listInWorkspace } from "../../shared/list-in-workspace.js";
import { PageArgs, toPage } from "../../shared/pagination.js";
import type { MessagingContext } from "../loaders.js";
import { MessageChannel } from "../message/message.type.js";
import { normaliseRecipient } from "../message/recipient.js";
import { SuppressionService } from "./suppression.service.js";
import { SuppressionType, toSuppressionType } from "./suppression.type.js";

@ArgsType()
class SuppressionsArgs extends PageArgs {
  @Field(() => MessageChannel, { nullable: true })
  channel?: MessageChannel | null;
}

@Resolver(() => SuppressionType)
export class SuppressionResolver {
  @Query(() => [SuppressionType], { description: "The workspace's opt-outs, newest first." })
  async suppressions(
    @Args() args: SuppressionsArgs,
    @Ctx() ctx: MessagingContext,
  ): Promise<SuppressionType[]> {
    const where = args.channel ? { channel: args.channel } : {};
    const rows = await listInWorkspace<Suppression>(
      ctx.em,
      Suppression,
      ctx.viewer,
      toPage(args),
      where,
    );
    return rows.map(toSuppressionType);
  }

  @Mutation(() => Boolean, {
    description:
      "Removes an opt-out (only when the recipient opted back in). True if one was removed.",
  })
  async removeSuppression(
    @Arg("channel", () => MessageChannel) channel: MessageChannel,
    @Arg("address") address: string,
    @Ctx() ctx: MessagingContext,
  ): Promise<boolean> {
    requireWriter(ctx.viewer);
    const normalised = normaliseRecipient(channel, address);
    return new SuppressionService(ctx.em, ctx.viewer.workspaceId).remove(channel, normalised);
  }
}
