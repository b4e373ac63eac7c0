import { GraphQLJSONObject } from "graphql-scalars";
import { Field, ID, InputType } from "type-graphql";
import { ExecutionMode } from "./execution.type.js";

@InputType("StartExecutionInput", { description: "Runs an agent's or a campaign's playbook." })
export class StartExecutionInput {
  @Field(() => ID, { nullable: true, description: "The agent to run (or give campaignId)." })
  agentId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: "The campaign to run: its playbook, with `audience` and `campaignId` as inputs.",
  })
  campaignId?: string | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: "Inputs the playbook declares." })
  inputs?: Record<string, unknown> | null;

  @Field(() => ExecutionMode, {
    defaultValue: "LIVE",
    description: "DRY_RUN runs the real playbook against the provider sandboxes.",
  })
  mode!: ExecutionMode;

  @Field(() => Date, { nullable: true, description: "Start later instead of now." })
  startAt?: Date | null;
}
