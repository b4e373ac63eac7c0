import { Arg, Args, ArgsType, Ctx, Field, ID, Mutation, Query, Resolver } from "type-graphql";
import { Message } from "../../../orm/entities/index.js";
import { BadUserInputError } from "../../shared/errors.js";
import { listInWorkspace } from "../../shared/list-in-workspace.js";
import { PageArgs, toPage } from "../../shared/pagination.js";
import { isUuid } from "../../shared/validation.js";
import type { MessagingContext } from "../loaders.js";
import { MessageChannel, MessageStatus, MessageType, toMessageType } from "./message.type.js";
import { SendMessageInput } from "./send-message.inputs.js";
import { SendMessageService } from "./send-message.service.js";

@ArgsType()
class MessagesArgs extends PageArgs {
  @Field(() => ID, { nullable: true })
  campaignId?: string | null;

  @Field(() => ID, { nullable: true })
  connectionId?: string | null;

  @Field(() => MessageChannel, { nullable: true })
  channel?: MessageChannel | null;

  @Field(() => MessageStatus, { nullable: true })
  status?: MessageStatus | null;

  @Field(() => String, {
    nullable: true,
    description: "Exact recipient (E.164, address, channel).",
  })
  recipient?: string | null;

  @Field(() => Boolean, {
    defaultValue: false,
    description: "Dry runs' messages (sent to the provider sandboxes) instead of real ones.",
  })
  dryRun = false;
}

function idFilter(field: string, value: string | null | undefined): Record<string, string> {
  if (value == null) {
    return {};
  }
  if (!isUuid(value)) {
    throw new BadUserInputError(field, "is not a valid id");
  }
  return { [field.replace(/Id$/, "")]: value.toLowerCase() };
}

@Resolver(() => MessageType)
export class MessageResolver {
  @Query(() => [MessageType], {
    description: "The workspace's messages, newest first; page with `first` and `after`.",
  })
  async messages(@Args() args: MessagesArgs, @Ctx() ctx: MessagingContext): Promise<MessageType[]> {
    const recipient = args.recipient?.trim();
    if (recipient === "") {
      throw new BadUserInputError("recipient", "must not be empty (leave it out to list everyone)");
    }
    const where = {
      ...idFilter("campaignId", args.campaignId),
      ...idFilter("connectionId", args.connectionId),
      ...(args.channel ? { channel: args.channel } : {}),
      ...(args.status ? { status: args.status } : {}),
      ...(recipient ? { recipient } : {}),
      dryRun: args.dryRun,
    };
    const rows = await listInWorkspace<Message>(ctx.em, Message, ctx.viewer, toPage(args), where);
    return rows.map(toMessageType);
  }

  @Query(() => MessageType, { nullable: true })
  async message(@Arg("id", () => ID) id: string, @Ctx() ctx: MessagingContext) {
    const entity = await ctx.loaders.messageById.load(id);
    return entity ? toMessageType(entity) : null;
  }

  @Mutation(() => MessageType, {
    description:
      "Sends a message through a messaging connection. Safe to repeat with the same idempotencyKey.",
  })
  async sendMessage(
    @Arg("input", () => SendMessageInput) input: SendMessageInput,
    @Ctx() ctx: MessagingContext,
  ): Promise<MessageType> {
    const service = new SendMessageService(ctx.em, ctx.viewer, ctx.runtime, ctx.logger);
    return toMessageType(await service.send(input));
  }
}
