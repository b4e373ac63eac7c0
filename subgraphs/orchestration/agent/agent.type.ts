import { GraphQLJSONObject } from "graphql-scalars";
import { Directive, Field, ID, ObjectType } from "type-graphql";
import type { Agent } from "../../../orm/entities/index.js";

@Directive('@key(fields: "id")')
@ObjectType("Agent", { description: "A named, configured playbook template that runs executions." })
export class AgentType {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => GraphQLJSONObject, {
    description: "The DAG of steps it runs (see README: Playbooks).",
  })
  playbook!: Record<string, unknown>;

  @Field(() => GraphQLJSONObject, { description: "Inputs every run starts with." })
  defaultInputs!: Record<string, unknown>;

  @Field()
  createdAt!: Date;
}

export function toAgentType(entity: Agent): AgentType {
  return {
    id: entity.id,
    name: entity.name,
    description: entity.description ?? null,
    playbook: entity.playbook ?? {},
    defaultInputs: entity.defaultInputs ?? {},
    createdAt: entity.createdAt,
  };
}
