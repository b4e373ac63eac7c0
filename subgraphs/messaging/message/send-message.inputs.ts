import { Field, ID, InputType } from "type-graphql";
import { MessageChannel } from "./message.type.js";

@InputType("TemplateParameterInput")
export class TemplateParameterInput {
  @Field()
  name!: string;

  @Field()
  value!: string;
}

@InputType("MessageTemplateInput", {
  description: "A provider-side template (WhatsApp, SendGrid).",
})
export class MessageTemplateInput {
  @Field()
  name!: string;

  @Field(() => String, { nullable: true, description: "Language code, such as en_US." })
  language?: string | null;

  @Field(() => [TemplateParameterInput], { nullable: true, description: "In order." })
  parameters?: TemplateParameterInput[] | null;
}

@InputType("SendMessageInput")
export class SendMessageInput {
  @Field(() => ID, { description: "The messaging connection to send through." })
  connectionId!: string;

  @Field(() => MessageChannel, {
    nullable: true,
    description: "Optional check: the connection's channel must be this one.",
  })
  channel?: MessageChannel | null;

  @Field({ description: "E.164 phone number, email address, or Slack channel (C… or #name)." })
  to!: string;

  @Field(() => String, { nullable: true })
  text?: string | null;

  @Field(() => String, { nullable: true, description: "Email only." })
  subject?: string | null;

  @Field(() => String, { nullable: true, description: "Email only." })
  html?: string | null;

  @Field(() => MessageTemplateInput, { nullable: true })
  template?: MessageTemplateInput | null;

  @Field(() => ID, { nullable: true })
  campaignId?: string | null;

  @Field({
    description:
      "Makes the send safe to repeat: the same key returns the same message without a second provider call.",
  })
  idempotencyKey!: string;
}
