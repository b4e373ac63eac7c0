import { Arg, Args, ArgsType, Ctx, Field, ID, Query, Resolver } from "type-graphql";
import { Message } from "../../../orm/entities/index.js";
import { BadUserInputError } from "../../shared/errors.js";
import { listInWorkspace } from "../../shared/list-in-workspace.js";
import { PageArgs, toPage } from "../../shared/pagination.js";
import { isUuid } from "../../shared/validation.js";
import type { MessagingContext } from "../loaders.js";
import { MessageChannel, MessageStatus, MessageType, toMessageType } from "./message.type.js";

@ArgsType()
class MessagesArgs extends PageArgs {
  @Field(() => ID, { nullable: true })
  campaignId?: string | null;

  @Field(() => MessageChannel, { nullable: true })
  channel?: MessageChannel | null;

  @Field(() => MessageStatus, { nullable: true })
  status?: MessageStatus | null;
}

@Resolver(() => MessageType)
export class MessageResolver {
  @Query(() => [MessageType], { description: "The workspace's messages, newest first." })
  async messages(@Args() args: MessagesArgs, @Ctx() ctx: MessagingContext): Promise<MessageType[]> {
    if (args.campaignId != null && !isUuid(args.campaignId)) {
      throw new BadUserInputError("campaignId", "is not a valid id");
    }
    const where = {
      ...(args.campaignId ? { campaign: args.campaignId.toLowerCase() } : {}),
      ...(args.channel ? { channel: args.channel } : {}),
      ...(args.status ? { status: args.status } : {}),
    };
    const rows = await listInWorkspace<Message>(ctx.em, Message, ctx.viewer, toPage(args), where);
    return rows.map(toMessageType);
  }

  @Query(() => MessageType, { nullable: true })
  async message(@Arg("id", () => ID) id: string, @Ctx() ctx: MessagingContext) {
    const entity = await ctx.loaders.messageById.load(id);
    return entity ? toMessageType(entity) : null;
  }
}
